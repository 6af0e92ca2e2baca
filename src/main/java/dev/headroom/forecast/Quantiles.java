package dev.headroom.forecast;

/**
 * Reads an upper quantile off a forecast's intervals. The upper bound of the central interval at
 * level {@code c} is the {@code (1 + c) / 2} quantile: at the default levels the inner (80 %)
 * band's upper bound is the 0.90 quantile and the outer (95 %) band's the 0.975 quantile.
 * Quantiles in between (the policy's default 0.95) are interpolated on the normal scale between
 * them, and beyond them extrapolated the same way, because the intervals are calibrated but the
 * shape between two calibrated points is not known better than that.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The {@code q} quantile of step {@code k}, read off the forecast's bands at its own
     * {@link Forecast#levels()}; {@code q} in [0.5, 1). At 0.5 it is the point forecast (forecasts
     * here are meant as medians of the calibrated error distribution).
     *
     * @throws IllegalArgumentException when {@code q} is outside [0.5, 1)
     */
    public static double upper(Forecast f, int k, double q) {
        if (!(q >= 0.5 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in [0.5, 1): " + q);
        }
        double mean = f.meanAt(k);
        double uInner = f.upperInnerAt(k);
        double uOuter = f.upperOuterAt(k);
        double zInner = inverseNormal((1 + f.levels().inner()) / 2);
        double zOuter = inverseNormal((1 + f.levels().outer()) / 2);
        double z = inverseNormal(q);
        if (z <= zInner) {
            return mean + (uInner - mean) * z / zInner;
        }
        return uInner + (uOuter - uInner) * (z - zInner) / (zOuter - zInner);
    }

    /** Acklam's rational approximation of the standard normal quantile (error below 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /** The standard normal quantile of {@code p} in (0, 1). */
    public static double z(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
        return inverseNormal(p);
    }
}
