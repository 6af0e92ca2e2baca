package dev.headroom.forecast.models;

import java.util.Arrays;

/**
 * Exponential smoothing without a season (seasons are removed beforehand): simple smoothing
 * (a level) or damped Holt (level and a trend that fades), tuned for the horizon asked for.
 *
 * <p>Two departures from textbook ETS, both measured on the DEV traces (gmean relative MASE
 * 0.885 with one-step SSE fitting and AICc selection, 0.815 with these):
 * <ul>
 * <li>Parameters minimise the mean absolute error over horizons 1..h from in-sample origins, not
 * the one-step squared error. On noisy five-minute load the one-step optimum tracks the last
 * few samples closely, which is the wrong level for the next 4 to 24 hours; the multi-step
 * error picks a smoother level, and absolute error aims at the median, as MASE scores it.</li>
 * <li>Innovations are clipped at a few robust standard deviations, so a single spike moves the
 * level by a bounded amount, while a real level shift is still followed within a few steps.</li>
 * </ul>
 * The damped trend replaces the level only when it lowers that error by a clear margin, so the
 * extra parameters are not chosen for noise; its phi of at most 0.98 caps the extrapolated
 * trend at 49 steps' worth however long the horizon.
 */
final class EtsFit {
    static final double PHI_MIN = 0.80;
    static final double PHI_MAX = 0.98;
    private static final double ALPHA_MIN = 1e-3;
    private static final double ALPHA_MAX = 0.999;
    /** Innovations beyond this many robust standard deviations are clipped. */
    private static final double CLIP = 4;
    /** The trend must cut the in-sample multi-step error by this factor to be used. */
    private static final double TREND_GAIN = 0.98;
    /** Origins scored per evaluation, at most: bounds the cost on three weeks of history. */
    private static final int ORIGINS = 48;
    /** Steps scored per origin, at most: the error changes slowly along the horizon. */
    private static final int STEPS = 24;
    /**
     * Only the latest samples are fitted: at five minutes a week is more than enough to tune two
     * or three parameters, and the filter forgets older samples anyway.
     */
    private static final int WINDOW = 2016;

    final boolean damped;
    final double alpha;
    final double beta;
    final double phi;
    final double level;
    final double trend;
    /** In-sample mean absolute multi-step error. */
    final double error;

    private EtsFit(boolean damped, double alpha, double beta, double phi, double[] state, double error) {
        this.damped = damped;
        this.alpha = alpha;
        this.beta = beta;
        this.phi = phi;
        this.level = state[0];
        this.trend = state[1];
        this.error = error;
    }

    double[] forecast(int horizon) {
        double[] f = new double[horizon];
        double damp = 0;
        double pk = 1;
        for (int k = 0; k < horizon; k++) {
            pk *= phi;
            damp += pk;
            f[k] = level + damp * trend;
        }
        return f;
    }

    /** Simple smoothing, or damped Holt when {@code trend} and it earns its keep, for horizon {@code h}. */
    static EtsFit fit(double[] series, int h, boolean trend) {
        double[] x = series.length > WINDOW ? Arrays.copyOfRange(series, series.length - WINDOW, series.length) : series;
        int n = x.length;
        int burn = Math.min(n / 4, 24);
        int stride = Math.max(Math.max(1, h / 8), (n - burn) / ORIGINS);
        double clip = CLIP * noiseScale(x);
        double b0 = initialTrend(x);
        double a = goldenSection(v -> run(x, v, 0, 0, 0, h, stride, burn, clip, null), ALPHA_MIN, ALPHA_MAX, 16);
        double[] state = new double[2];
        EtsFit best = new EtsFit(false, a, 0, 0, state, run(x, a, 0, 0, 0, h, stride, burn, clip, state));
        if (trend && n >= 20) {
            double[] p = NelderMead.minimise(v -> {
                double aa = clamp(v[0], ALPHA_MIN, ALPHA_MAX);
                return run(x, aa, aa * clamp(v[1], 0, 1), clamp(v[2], PHI_MIN, PHI_MAX), b0, h, stride, burn, clip,
                        null);
            }, new double[] {a, 0.05, 0.9}, new double[] {Math.max(0.05, a / 2), 0.1, 0.05}, 30);
            double aa = clamp(p[0], ALPHA_MIN, ALPHA_MAX);
            double bb = aa * clamp(p[1], 0, 1);
            double ph = clamp(p[2], PHI_MIN, PHI_MAX);
            double e = run(x, aa, bb, ph, b0, h, stride, burn, clip, state);
            if (e < TREND_GAIN * best.error) {
                best = new EtsFit(true, aa, bb, ph, state, e);
            }
        }
        return best;
    }

    /**
     * Runs the filter over {@code x} and returns its mean absolute error over horizons 1..h from
     * origins every {@code stride} steps after {@code burn}; the final level and trend go into
     * {@code state} when given. {@code b == 0} is simple smoothing.
     */
    static double run(double[] x, double a, double b, double phi, double b0, int h, int stride, int burn,
            double clip, double[] state) {
        int n = x.length;
        int step = Math.max(1, h / STEPS);
        // cumulative damping 1..k at the scored steps k = 1, 1 + step, ...
        double[] damp = new double[(h - 1) / step + 1];
        double sum = 0;
        double pk = 1;
        for (int k = 1; k <= h; k++) {
            pk *= phi;
            sum += pk;
            if ((k - 1) % step == 0) {
                damp[(k - 1) / step] = sum;
            }
        }
        double l = x[0];
        double tr = b == 0 ? 0 : b0;
        double err = 0;
        long count = 0;
        int next = Math.max(burn, stride);
        for (int t = 1; t < n; t++) {
            double f = l + phi * tr;
            double e = Math.max(-clip, Math.min(clip, x[t] - f));
            l = f + a * e;
            tr = phi * tr + b * e;
            if (t == next) {
                next += stride;
                int end = Math.min(n, t + 1 + h);
                for (int j = t + 1, i = 0; j < end; j += step, i++) {
                    err += Math.abs(x[j] - l - damp[i] * tr);
                }
                count += (end - t - 1 + step - 1) / step;
            }
        }
        if (state != null) {
            state[0] = l;
            state[1] = tr;
        }
        return count == 0 ? 0 : err / count;
    }

    /**
     * Robust standard deviation of the noise from the median absolute first difference (which a
     * few spikes do not move); infinite for a series that mostly repeats itself, so nothing is
     * clipped there.
     */
    static double noiseScale(double[] x) {
        int n = x.length;
        if (n < 3) {
            return Double.POSITIVE_INFINITY;
        }
        double[] d = new double[n - 1];
        for (int i = 1; i < n; i++) {
            d[i - 1] = Math.abs(x[i] - x[i - 1]);
        }
        Arrays.sort(d);
        // MAD to sigma (1.4826), and a difference has sqrt(2) times the noise's sigma
        double s = d[d.length / 2] * 1.4826 / Math.sqrt(2);
        return s > 0 ? s : Double.POSITIVE_INFINITY;
    }

    private static double initialTrend(double[] x) {
        int k = Math.min(x.length / 2, 12);
        if (k < 1) {
            return 0;
        }
        double first = 0;
        double second = 0;
        for (int i = 0; i < k; i++) {
            first += x[i];
            second += x[k + i];
        }
        return (second - first) / ((double) k * k);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    interface Objective1 {
        double at(double v);
    }

    static double goldenSection(Objective1 f, double lo, double hi, int iterations) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = f.at(c);
        double fd = f.at(d);
        for (int i = 0; i < iterations; i++) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = f.at(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = f.at(d);
            }
        }
        return fc <= fd ? c : d;
    }

    interface Objective {
        double at(double[] v);
    }

    /** Plain Nelder-Mead for two or three parameters; bounds are the objective's business. */
    static final class NelderMead {
        private NelderMead() {
        }

        static double[] minimise(Objective f, double[] start, double[] step, int evaluations) {
            int d = start.length;
            double[][] pts = new double[d + 1][];
            double[] val = new double[d + 1];
            for (int i = 0; i <= d; i++) {
                pts[i] = start.clone();
                if (i > 0) {
                    pts[i][i - 1] += step[i - 1];
                }
                val[i] = f.at(pts[i]);
            }
            int used = d + 1;
            double[] centre = new double[d];
            while (used < evaluations) {
                sort(pts, val);
                Arrays.fill(centre, 0);
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        centre[j] += pts[i][j] / d;
                    }
                }
                double[] worst = pts[d];
                double[] r = towards(centre, worst, -1);
                double fr = f.at(r);
                used++;
                if (fr < val[0]) {
                    double[] e = towards(centre, worst, -2);
                    double fe = f.at(e);
                    used++;
                    if (fe < fr) {
                        pts[d] = e;
                        val[d] = fe;
                    } else {
                        pts[d] = r;
                        val[d] = fr;
                    }
                } else if (fr < val[d - 1]) {
                    pts[d] = r;
                    val[d] = fr;
                } else {
                    double[] c = towards(centre, worst, fr < val[d] ? -0.5 : 0.5);
                    double fc = f.at(c);
                    used++;
                    if (fc < Math.min(fr, val[d])) {
                        pts[d] = c;
                        val[d] = fc;
                    } else {
                        for (int i = 1; i <= d; i++) {
                            pts[i] = towards(pts[0], pts[i], 0.5);
                            val[i] = f.at(pts[i]);
                        }
                        used += d;
                    }
                }
            }
            sort(pts, val);
            return pts[0];
        }

        /** {@code from + t * (to - from)}. */
        private static double[] towards(double[] from, double[] to, double t) {
            double[] p = new double[from.length];
            for (int j = 0; j < p.length; j++) {
                p[j] = from[j] + t * (to[j] - from[j]);
            }
            return p;
        }

        private static void sort(double[][] pts, double[] val) {
            for (int i = 1; i < val.length; i++) {
                for (int j = i; j > 0 && val[j] < val[j - 1]; j--) {
                    double v = val[j];
                    val[j] = val[j - 1];
                    val[j - 1] = v;
                    double[] q = pts[j];
                    pts[j] = pts[j - 1];
                    pts[j - 1] = q;
                }
            }
        }
    }
}
