package dev.headroom.forecast.models;

/** Turns a path on the seasonally adjusted scale into a forecast of the series. */
final class EtsGuard {
    private EtsGuard() {
    }

    /**
     * Adds the seasons back and keeps the result in a plausible band: within one observed range
     * beyond the observed minimum and maximum, and not below zero for a series that never was
     * (load, bytes and percentages are not negative). A trend fitted to noise cannot then run
     * away over a long horizon, and nothing non-finite comes out.
     */
    static double[] reseason(Mstl.Decomposition dec, double[] y, double[] path) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double span = hi - lo;
        double floor = lo >= 0 ? Math.max(0, lo - span) : lo - span;
        double ceiling = hi + span;
        double[] s = dec.seasonal(y.length, path.length);
        double[] f = new double[path.length];
        for (int k = 0; k < f.length; k++) {
            double v = path[k] + s[k];
            f[k] = Double.isFinite(v) ? Math.max(floor, Math.min(ceiling, v)) : y[y.length - 1];
        }
        return f;
    }
}
