package dev.headroom.cli;

import java.util.Locale;

/** Fixed, locale-independent number text so that output is the same on every machine. */
final class Numbers {
    private Numbers() {
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String orDash(double v, int decimals) {
        return Double.isNaN(v) ? "-" : fixed(v, decimals);
    }
}
