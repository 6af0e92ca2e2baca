package dev.headroom.forecast.models;

/**
 * Additive-error exponential smoothing without a season (the season is removed beforehand):
 * simple (level), Holt (level and trend) and damped Holt, fitted by one-step squared error.
 */
final class EtsFit {
    enum Kind {
        SIMPLE(2), LINEAR(4), DAMPED(5);

        /** Smoothing parameters plus initial states, for AICc. */
        final int parameters;

        Kind(int parameters) {
            this.parameters = parameters;
        }
    }

    static final double PHI_MIN = 0.80;
    static final double PHI_MAX = 0.98;
    private static final double ALPHA_MIN = 1e-3;
    private static final double ALPHA_MAX = 0.999;

    final Kind kind;
    final double alpha;
    final double beta;
    final double phi;
    final double level;
    final double trend;
    final double sse;
    final int count;

    private EtsFit(Kind kind, double alpha, double beta, double phi, double level, double trend, double sse,
            int count) {
        this.kind = kind;
        this.alpha = alpha;
        this.beta = beta;
        this.phi = phi;
        this.level = level;
        this.trend = trend;
        this.sse = sse;
        this.count = count;
    }

    double aicc() {
        int k = kind.parameters;
        int n = count;
        double var = Math.max(sse / n, 1e-300);
        double penalty = n - k - 1 > 0 ? 2.0 * k * (k + 1) / (n - k - 1) : Double.POSITIVE_INFINITY;
        return n * Math.log(var) + 2 * k + penalty;
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

    /** The best of the three kinds by AICc; trends only when the series is long enough to show one. */
    static EtsFit auto(double[] x) {
        EtsFit best = fit(x, Kind.SIMPLE);
        if (x.length >= 20) {
            for (Kind k : new Kind[] {Kind.LINEAR, Kind.DAMPED}) {
                EtsFit f = fit(x, k);
                if (f.aicc() < best.aicc()) {
                    best = f;
                }
            }
        }
        return best;
    }

    static EtsFit fit(double[] x, Kind kind) {
        double l0 = x[0];
        double b0 = initialTrend(x);
        return switch (kind) {
            case SIMPLE -> {
                double a = goldenSection(v -> run(x, v, 0, 1, l0, 0, null), ALPHA_MIN, ALPHA_MAX, 24);
                yield finish(x, kind, a, 0, 1, l0, 0);
            }
            case LINEAR -> {
                double[] p = NelderMead.minimise(v -> {
                    double a = clamp(v[0], ALPHA_MIN, ALPHA_MAX);
                    return run(x, a, a * clamp(v[1], 0, 1), 1, l0, b0, null);
                }, new double[] {0.3, 0.1}, new double[] {0.2, 0.2}, 60);
                double a = clamp(p[0], ALPHA_MIN, ALPHA_MAX);
                yield finish(x, kind, a, a * clamp(p[1], 0, 1), 1, l0, b0);
            }
            case DAMPED -> {
                double[] p = NelderMead.minimise(v -> {
                    double a = clamp(v[0], ALPHA_MIN, ALPHA_MAX);
                    return run(x, a, a * clamp(v[1], 0, 1), clamp(v[2], PHI_MIN, PHI_MAX), l0, b0, null);
                }, new double[] {0.3, 0.1, 0.9}, new double[] {0.2, 0.2, 0.05}, 90);
                double a = clamp(p[0], ALPHA_MIN, ALPHA_MAX);
                yield finish(x, kind, a, a * clamp(p[1], 0, 1), clamp(p[2], PHI_MIN, PHI_MAX), l0, b0);
            }
        };
    }

    private static EtsFit finish(double[] x, Kind kind, double a, double b, double phi, double l0, double b0) {
        double[] state = new double[2];
        double sse = run(x, a, b, phi, l0, b0, state);
        return new EtsFit(kind, a, b, phi, state[0], state[1], sse, x.length - 1);
    }

    /** One-step squared error of the filter from index 1 on; the final level and trend into {@code state}. */
    static double run(double[] x, double a, double b, double phi, double l0, double b0, double[] state) {
        double l = l0;
        double tr = b0;
        double sse = 0;
        for (int t = 1; t < x.length; t++) {
            double f = l + phi * tr;
            double e = x[t] - f;
            sse += e * e;
            l = f + a * e;
            tr = phi * tr + b * e;
        }
        if (state != null) {
            state[0] = l;
            state[1] = tr;
        }
        return sse;
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
                java.util.Arrays.fill(centre, 0);
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
