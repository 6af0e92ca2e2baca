package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One ridge regression learnt across a pool of series, forecasting each series from its own
 * recent lags, means and same-time-yesterday values ({@link GlobalFeatures}).
 *
 * <p>Direct strategy: a separate coefficient vector per horizon bucket (1, 2, 3, 4–5, …, 256–319
 * steps, roughly geometric). A recursive model would feed its own forecasts back for up to 288
 * steps and compound its errors; the direct one learns for each lead how much of the last value
 * survives and how much reverts to the longer means or follows yesterday, which is what noisy,
 * mean-reverting VM load needs.
 *
 * <p>Training rows are sampled: a fixed number of random (anchor, lead) pairs per series and
 * bucket, so every series weighs the same whatever its length, and training costs the same for
 * a 24-hour VM and a three-week host. The ridge penalty is chosen per bucket on held-out series
 * (five candidate solves on the Gram matrix, cheap next to the reweighting passes). Once trained
 * the model is immutable and thread-safe.
 */
public final class GlobalModel implements ForecastModel {
    /** First lead of each bucket; the last bucket takes every longer lead. */
    static final int[] BUCKET_START = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 320};
    private static final int ROWS_PER_SERIES = 40;
    /** A small pool (one series, for a local fit) draws more rows per series up to this many per bucket. */
    private static final int MIN_ROWS_PER_BUCKET = 400;
    /**
     * A large fleet draws fewer rows per series so that a bucket holds about this many: training
     * then costs the same for ten thousand series as for a few hundred, with more series per row.
     */
    private static final int MAX_ROWS_PER_BUCKET = 24_000;
    /** Training anchors leave this much history to compute lags and hourly means on. */
    private static final int MIN_ANCHOR = 23;
    private static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1, 1};
    private static final int HOLDOUT_EVERY = 5;

    /** Per bucket, null where no training row fell. */
    private final double[][] coefficients;

    private GlobalModel(double[][] coefficients) {
        this.coefficients = coefficients;
    }

    /**
     * Trains on the training windows of a pool of series; windows that are flat, empty or too
     * short for a bucket add no rows to it.
     *
     * @throws ForecastException when the pool holds no usable row at all
     */
    public static GlobalModel train(List<History> pool) {
        int buckets = BUCKET_START.length - 1;
        Rows[] rows = new Rows[buckets];
        Rows[] holdout = new Rows[buckets];
        for (int b = 0; b < buckets; b++) {
            rows[b] = new Rows();
            holdout[b] = new Rows();
        }
        int series = Math.max(1, pool.size());
        int rowsPerSeries = Math.max(ROWS_PER_SERIES, -Math.floorDiv(-MIN_ROWS_PER_BUCKET, series));
        if (series * rowsPerSeries > MAX_ROWS_PER_BUCKET) {
            rowsPerSeries = Math.max(1, MAX_ROWS_PER_BUCKET / series);
        }
        double[] row = new double[GlobalFeatures.COUNT];
        for (int si = 0; si < pool.size(); si++) {
            History h = pool.get(si);
            double[] raw = h.values();
            double[] filled;
            try {
                filled = Histories.fillGaps(raw);
            } catch (ForecastException e) {
                continue;
            }
            GlobalFeatures f = new GlobalFeatures(h, filled);
            int n = filled.length;
            int day = f.stepsPerDay();
            SplittableRandom random = new SplittableRandom(0x5eed ^ ((long) si * 0x9E3779B97F4A7C15L));
            Rows[] into = si % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 ? holdout : rows;
            for (int b = 0; b < buckets; b++) {
                int kLo = BUCKET_START[b];
                int kHi = Math.min(BUCKET_START[b + 1] - 1, n - 1 - MIN_ANCHOR);
                if (kLo > kHi) {
                    continue;
                }
                for (int r = 0; r < rowsPerSeries; r++) {
                    int k = kLo + random.nextInt(kHi - kLo + 1);
                    int t = MIN_ANCHOR + random.nextInt(n - k - MIN_ANCHOR);
                    if (Double.isNaN(raw[t + k]) || !f.anchor(t)) {
                        continue;
                    }
                    int history = t + 1;
                    boolean daily = day > 1 && history >= 2 * day;
                    f.fill(t, k, daily, day > 1 && history >= 14 * day, row);
                    double target = (filled[t + k] - f.level()) / f.scale();
                    into[b].add(row, GlobalFeatures.clip(target, GlobalFeatures.WIDE), daily);
                }
            }
        }
        double[][] coefficients = new double[buckets][];
        boolean any = false;
        for (int b = 0; b < buckets; b++) {
            coefficients[b] = fitBucket(rows[b], holdout[b]);
            any |= coefficients[b] != null;
        }
        if (!any) {
            throw new ForecastException("the pool of " + pool.size() + " series holds no usable training window");
        }
        return new GlobalModel(coefficients);
    }

    /**
     * Training rows of one bucket, flat: features then target, row after row. A row without a
     * season is zero from {@link GlobalFeatures#SEASONAL_FROM} on, which {@link #gram} skips.
     */
    private static final class Rows {
        static final int STRIDE = GlobalFeatures.COUNT + 1;
        double[] data = new double[64 * STRIDE];
        int[] active = new int[64];
        int size;

        void add(double[] features, double target, boolean seasonal) {
            if (size == active.length) {
                data = Arrays.copyOf(data, 2 * data.length);
                active = Arrays.copyOf(active, 2 * active.length);
            }
            System.arraycopy(features, 0, data, size * STRIDE, GlobalFeatures.COUNT);
            data[size * STRIDE + GlobalFeatures.COUNT] = target;
            active[size] = seasonal ? GlobalFeatures.COUNT : GlobalFeatures.SEASONAL_FROM;
            size++;
        }

        double target(int r) {
            return data[r * STRIDE + GlobalFeatures.COUNT];
        }

        double predict(double[] beta, int r) {
            int o = r * STRIDE;
            double s = 0;
            for (int i = 0; i < active[r]; i++) {
                s += beta[i] * data[o + i];
            }
            return s;
        }

        /**
         * Adds the weighted cross products of the rows to the lower triangle of {@code a}
         * (flat, p by p) and to {@code b}; {@code weights} null weighs every row 1. Four rows
         * share one pass over the triangle, so that each entry is loaded and stored once per
         * four rows rather than per row.
         */
        void gram(double[] weights, double[] a, double[] b) {
            int p = GlobalFeatures.COUNT;
            double[] x = data;
            int r = 0;
            for (; r + 4 <= size; r += 4) {
                int o0 = r * STRIDE;
                int o1 = o0 + STRIDE;
                int o2 = o1 + STRIDE;
                int o3 = o2 + STRIDE;
                double w0 = weights == null ? 1 : weights[r];
                double w1 = weights == null ? 1 : weights[r + 1];
                double w2 = weights == null ? 1 : weights[r + 2];
                double w3 = weights == null ? 1 : weights[r + 3];
                int act = Math.max(Math.max(active[r], active[r + 1]), Math.max(active[r + 2], active[r + 3]));
                for (int i = 0; i < act; i++) {
                    double u0 = x[o0 + i] * w0;
                    double u1 = x[o1 + i] * w1;
                    double u2 = x[o2 + i] * w2;
                    double u3 = x[o3 + i] * w3;
                    int ai = i * p;
                    for (int j = 0; j <= i; j++) {
                        a[ai + j] += u0 * x[o0 + j] + u1 * x[o1 + j] + u2 * x[o2 + j] + u3 * x[o3 + j];
                    }
                    b[i] += u0 * x[o0 + p] + u1 * x[o1 + p] + u2 * x[o2 + p] + u3 * x[o3 + p];
                }
            }
            for (; r < size; r++) {
                int o = r * STRIDE;
                double w = weights == null ? 1 : weights[r];
                for (int i = 0; i < active[r]; i++) {
                    double u = x[o + i] * w;
                    int ai = i * p;
                    for (int j = 0; j <= i; j++) {
                        a[ai + j] += u * x[o + j];
                    }
                    b[i] += u * x[o + p];
                }
            }
        }
    }

    private static double[] fitBucket(Rows train, Rows held) {
        int p = GlobalFeatures.COUNT;
        int all = train.size + held.size;
        if (all < 2 * p) {
            return null;
        }
        double[] aTrain = new double[p * p];
        double[] bTrain = new double[p];
        train.gram(null, aTrain, bTrain);
        double[] aAll = aTrain.clone();
        double[] bAll = bTrain.clone();
        held.gram(null, aAll, bAll);
        double lambda = LAMBDAS[LAMBDAS.length / 2];
        if (train.size >= 2 * p && held.size > 0) {
            double best = Double.POSITIVE_INFINITY;
            for (double l : LAMBDAS) {
                double[] beta = solve(aTrain, bTrain, l * train.size);
                double err = 0;
                for (int r = 0; r < held.size; r++) {
                    err += Math.abs(held.target(r) - held.predict(beta, r));
                }
                if (err < best) {
                    best = err;
                    lambda = l;
                }
            }
        }
        return irls(new Rows[] {train, held}, aAll, bAll, lambda * all);
    }

    /** Reweighting passes: 4 were 0.008 and 3 0.016 worse on DEV's seasonal tiers (relative MASE). */
    private static final int IRLS = 6;

    /**
     * Least absolute deviations by iteratively reweighted ridge, starting from the least-squares
     * fit ({@code a0}, {@code b0}): the protocol scores absolute errors, and spikes pull a
     * squared loss towards them.
     */
    private static double[] irls(Rows[] parts, double[] a0, double[] b0, double ridge) {
        int p = GlobalFeatures.COUNT;
        int count = 0;
        for (Rows part : parts) {
            count += part.size;
        }
        double[] beta = solve(a0, b0, ridge);
        double[][] weights = new double[parts.length][];
        for (int q = 0; q < parts.length; q++) {
            weights[q] = new double[parts[q].size];
        }
        double[] a = new double[p * p];
        double[] b = new double[p];
        for (int it = 0; it < IRLS; it++) {
            Arrays.fill(a, 0);
            Arrays.fill(b, 0);
            double wsum = 0;
            for (int q = 0; q < parts.length; q++) {
                Rows part = parts[q];
                double[] w = weights[q];
                for (int r = 0; r < part.size; r++) {
                    w[r] = 1 / Math.max(0.05, Math.abs(part.target(r) - part.predict(beta, r)));
                    wsum += w[r];
                }
                part.gram(w, a, b);
            }
            beta = solve(a, b, ridge * wsum / count);
        }
        return beta;
    }

    /**
     * Solves (A + ridge·I') x = b by Cholesky, A given by its lower triangle (flat, p by p), I'
     * leaving the intercept unpenalised.
     */
    private static double[] solve(double[] a, double[] b, double ridge) {
        int p = b.length;
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * p + j] + (i == j ? (i == 0 ? 1e-9 : ridge) + 1e-9 : 0);
                for (int m = 0; m < j; m++) {
                    s -= l[i * p + m] * l[j * p + m];
                }
                if (i == j) {
                    l[i * p + i] = Math.sqrt(Math.max(s, 1e-12));
                } else {
                    l[i * p + j] = s / l[j * p + j];
                }
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= l[i * p + m] * z[m];
            }
            z[i] = s / l[i * p + i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < p; m++) {
                s -= l[m * p + i] * x[m];
            }
            x[i] = s / l[i * p + i];
        }
        return x;
    }

    private static double dot(double[] beta, double[] row) {
        double s = 0;
        for (int i = 0; i < beta.length; i++) {
            s += beta[i] * row[i];
        }
        return s;
    }

    @Override
    public String name() {
        return "global";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        double[] filled = Histories.fillGaps(history.values());
        int n = filled.length;
        if (n == 0) {
            throw new ForecastException("no history");
        }
        double[] out = new double[horizon];
        GlobalFeatures f = new GlobalFeatures(history, filled);
        if (n < 2 || !f.anchor(n - 1)) {
            // a flat last day has no scale to learn from: it stays flat
            Arrays.fill(out, filled[n - 1]);
            return out;
        }
        int day = history.stepsPerDay();
        boolean daily = seasons.daily() > 0 && day > 1 && n >= 2 * day;
        boolean weekly = seasons.weekly() > 0 && day > 1 && n >= 14 * day;
        double[] row = new double[GlobalFeatures.COUNT];
        for (int k = 1; k <= horizon; k++) {
            f.fill(n - 1, k, daily, weekly, row);
            double z = dot(coefficientsFor(k), row);
            z = GlobalFeatures.clip(z, GlobalFeatures.WIDE);
            out[k - 1] = f.level() + f.scale() * z;
        }
        return out;
    }

    /** The bucket of lead {@code k}, or the nearest trained one. */
    private double[] coefficientsFor(int k) {
        int b = 0;
        while (b + 1 < coefficients.length && BUCKET_START[b + 1] <= k) {
            b++;
        }
        for (int d = 0; d < coefficients.length; d++) {
            if (b - d >= 0 && coefficients[b - d] != null) {
                return coefficients[b - d];
            }
            if (b + d < coefficients.length && coefficients[b + d] != null) {
                return coefficients[b + d];
            }
        }
        throw new IllegalStateException("a trained model has at least one bucket");
    }
}
