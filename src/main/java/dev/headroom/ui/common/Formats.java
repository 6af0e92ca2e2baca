package dev.headroom.ui.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Number and time formats of the console. Fixed to one locale so that what operators read, what
 * screenshots show and what tests assert are the same everywhere.
 */
public final class Formats {
    /** Shown for a value that is not known (no sample yet), never "NaN". */
    public static final String UNKNOWN = "—";

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Formats() {
    }

    public static String clock(Instant at) {
        return at == null ? UNKNOWN : CLOCK.format(at);
    }

    /** {@link #clock} without the zone, for table columns whose header says UTC. */
    public static String utcMinute(Instant at) {
        return at == null ? UNKNOWN : UTC_MINUTE.format(at);
    }

    /** A load multiplier: "×1.4", "×0.85". */
    public static String factor(double value) {
        return Double.isNaN(value) ? UNKNOWN : "×" + String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }

    public static String percent(double value) {
        return Double.isNaN(value) ? UNKNOWN : String.format(Locale.ROOT, "%.1f %%", value);
    }

    public static String usd(double value) {
        return Double.isNaN(value) ? UNKNOWN : String.format(Locale.ROOT, "$%,.2f", value);
    }

    /** An hourly instance price: cloud prices differ in the third decimal ($0.096 vs $0.102). */
    public static String hourlyPrice(double value) {
        return Double.isNaN(value) ? UNKNOWN : String.format(Locale.ROOT, "$%,.3f", value);
    }

    /** A whole or fractional amount with grouping: "1,536" or "2.5". */
    public static String amount(double value) {
        if (Double.isNaN(value)) {
            return UNKNOWN;
        }
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** "1 host", "24 hosts". */
    public static String count(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? singular : plural);
    }
}
