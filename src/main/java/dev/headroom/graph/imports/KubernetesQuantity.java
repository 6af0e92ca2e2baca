package dev.headroom.graph.imports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 100m}, {@code 0.5}, {@code 64Mi}, {@code 512M},
 * {@code 1e9}) read exactly: decimal arithmetic until the final conversion.
 */
public final class KubernetesQuantity {
    private static final Pattern QUANTITY = Pattern.compile(
            "\\+?(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d{1,3})|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?");
    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")), Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)), Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)), Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);

    private KubernetesQuantity() {
    }

    /** A CPU quantity in millicores: {@code 100m} is 100, {@code 0.5} is 500, {@code 2} is 2000. */
    public static double millicores(String quantity) {
        return value(quantity).scaleByPowerOfTen(3).doubleValue();
    }

    /** A memory quantity in MiB: {@code 64Mi} is 64, {@code 1Gi} is 1024, {@code 512M} is 488.28…. */
    public static double mebibytes(String quantity) {
        return value(quantity).divide(MIB, MathContext.DECIMAL64).doubleValue();
    }

    /**
     * @throws IllegalArgumentException naming the expected form when the text is not a quantity
     */
    static BigDecimal value(String quantity) {
        Matcher m = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + quantity + "\" is not a Kubernetes quantity "
                    + "(a non-negative number with an optional suffix such as m, Mi, Gi, M, G or an exponent e3)");
        }
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        if (m.group(2) != null) {
            return number.scaleByPowerOfTen(Integer.parseInt(m.group(2)));
        }
        return m.group(3) == null ? number : number.multiply(SUFFIX.get(m.group(3)));
    }
}
