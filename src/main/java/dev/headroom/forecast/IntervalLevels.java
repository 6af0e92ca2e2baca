package dev.headroom.forecast;

import dev.headroom.domain.DomainException;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The nominal levels of a forecast's two central prediction intervals: the inner band (default
 * 80 %) and the outer band (default 95 %), as fractions.
 *
 * <p>At least 0.5 because a forecast's point is the median of its calibrated error
 * distribution, so an interval around it below 50 % would not hold the point's own half; below
 * 1 because no finite band covers everything.
 *
 * @param inner level of the inner (narrower) band, in [0.5, outer)
 * @param outer level of the outer (wider) band, in (inner, 1)
 * @throws DomainException (an {@link IllegalArgumentException}) naming {@code inner_level} or
 *                         {@code outer_level} when a level breaks these bounds
 */
public record IntervalLevels(double inner, double outer) {
    /** 80 % and 95 %: the levels the issue, the benchmark protocol and every earlier journal entry use. */
    public static final IntervalLevels DEFAULT = new IntervalLevels(0.80, 0.95);

    public IntervalLevels {
        if (!(inner >= 0.5 && inner < 1)) {
            throw new DomainException("inner_level", inner + " must be at least 0.5 and below 1; choose e.g. 0.80");
        }
        if (!(outer > inner && outer < 1)) {
            throw new DomainException("outer_level", outer + " must be above the inner level " + inner
                    + " and below 1; choose e.g. 0.95");
        }
    }

    /** Whether these are the {@link #DEFAULT} levels. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** The inner level in percent without a needless fraction: "80", "97.5". */
    public String innerPercent() {
        return percent(inner);
    }

    /** The outer level in percent without a needless fraction: "95", "99.9". */
    public String outerPercent() {
        return percent(outer);
    }

    /**
     * The nominal miss rate of a band at {@code level}, {@code 1 − level}, subtracted in decimal
     * so that 1 − 0.95 is the 0.05 the protocol's MSIS names, not 0.050000000000000044.
     */
    public static double missOf(double level) {
        return BigDecimal.ONE.subtract(new BigDecimal(Double.toString(level))).doubleValue();
    }

    /** "80 % / 95 %". */
    @Override
    public String toString() {
        return innerPercent() + " % / " + outerPercent() + " %";
    }

    /** {@code level} × 100, rounded to six significant digits so that binary noise (0.95 × 100) does not show. */
    static String percent(double level) {
        return new BigDecimal(Double.toString(level)).movePointRight(2)
                .round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
