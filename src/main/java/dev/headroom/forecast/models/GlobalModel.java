package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.util.ArrayList;
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
 * a 24-hour VM and a three-week host. The ridge penalty is chosen per bucket on held-out series.
 * Once trained the model is immutable and thread-safe.
 */
public final class GlobalModel implements ForecastModel {
    /** First lead of each bucket; the last bucket takes every longer lead. */
    static final int[] BUCKET_START = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 320};
    private static final int ROWS_PER_SERIES = 40;
    /** A small pool (one series, for a local fit) draws more rows per series up to this many per bucket. */
    private static final int MIN_ROWS_PER_BUCKET = 400;
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
        List<List<double[]>> rows = new ArrayList<>();
        List<List<double[]>> holdout = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            rows.add(new ArrayList<>());
            holdout.add(new ArrayList<>());
        }
        int rowsPerSeries = Math.max(ROWS_PER_SERIES, -Math.floorDiv(-MIN_ROWS_PER_BUCKET, Math.max(1, pool.size())));
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
            List<List<double[]>> into = si % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 ? holdout : rows;
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
                    double[] row = new double[GlobalFeatures.COUNT + 1];
                    int history = t + 1;
                    f.fill(t, k, day > 1 && history >= 2 * day, day > 1 && history >= 14 * day, row);
                    double target = (filled[t + k] - f.level()) / f.scale();
                    row[GlobalFeatures.COUNT] = GlobalFeatures.clip(target, GlobalFeatures.WIDE);
                    into.get(b).add(row);
                }
            }
        }
        double[][] coefficients = new double[buckets][];
        boolean any = false;
        for (int b = 0; b < buckets; b++) {
            coefficients[b] = fitBucket(rows.get(b), holdout.get(b));
            any |= coefficients[b] != null;
        }
        if (!any) {
            throw new ForecastException("the pool of " + pool.size() + " series holds no usable training window");
        }
        return new GlobalModel(coefficients);
    }

    private static double[] fitBucket(List<double[]> train, List<double[]> held) {
        int p = GlobalFeatures.COUNT;
        if (train.size() + held.size() < 2 * p) {
            return null;
        }
        double[][] aTrain = new double[p][p];
        double[] bTrain = new double[p];
        double[][] aAll = new double[p][p];
        double[] bAll = new double[p];
        accumulate(train, aTrain, bTrain);
        for (int i = 0; i < p; i++) {
            aAll[i] = aTrain[i].clone();
        }
        System.arraycopy(bTrain, 0, bAll, 0, p);
        accumulate(held, aAll, bAll);
        double lambda = LAMBDAS[LAMBDAS.length / 2];
        if (train.size() >= 2 * p && !held.isEmpty()) {
            double best = Double.POSITIVE_INFINITY;
            for (double l : LAMBDAS) {
                double[] beta = solve(aTrain, bTrain, l * train.size());
                double err = 0;
                for (double[] row : held) {
                    err += Math.abs(row[p] - dot(beta, row));
                }
                if (err < best) {
                    best = err;
                    lambda = l;
                }
            }
        }
        List<double[]> all = new ArrayList<>(train);
        all.addAll(held);
        return irls(all, aAll, bAll, lambda * all.size());
    }

    private static final int IRLS = 6;

    /**
     * Least absolute deviations by iteratively reweighted ridge, starting from the least-squares
     * fit: the protocol scores absolute errors, and spikes pull a squared loss towards them.
     */
    private static double[] irls(List<double[]> rows, double[][] a0, double[] b0, double ridge) {
        int p = GlobalFeatures.COUNT;
        double[] beta = solve(a0, b0, ridge);
        for (int it = 0; it < IRLS; it++) {
            double[][] a = new double[p][p];
            double[] b = new double[p];
            double wsum = 0;
            for (double[] row : rows) {
                double w = 1 / Math.max(0.05, Math.abs(row[p] - dot(beta, row)));
                wsum += w;
                for (int i = 0; i < p; i++) {
                    double ri = row[i] * w;
                    if (ri == 0) {
                        continue;
                    }
                    double[] ai = a[i];
                    for (int j = 0; j <= i; j++) {
                        ai[j] += ri * row[j];
                    }
                    b[i] += ri * row[p];
                }
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < i; j++) {
                    a[j][i] = a[i][j];
                }
            }
            beta = solve(a, b, ridge * wsum / rows.size());
        }
        return beta;
    }

    private static void accumulate(List<double[]> rows, double[][] a, double[] b) {
        int p = GlobalFeatures.COUNT;
        for (double[] row : rows) {
            for (int i = 0; i < p; i++) {
                double ri = row[i];
                if (ri == 0) {
                    continue;
                }
                double[] ai = a[i];
                for (int j = 0; j <= i; j++) {
                    ai[j] += ri * row[j];
                }
                b[i] += ri * row[p];
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                a[j][i] = a[i][j];
            }
        }
    }

    /** Solves (A + ridge·I') x = b by Cholesky, I' leaving the intercept unpenalised. */
    private static double[] solve(double[][] a, double[] b, double ridge) {
        int p = b.length;
        double[][] l = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? (i == 0 ? 1e-9 : ridge) + 1e-9 : 0);
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(s, 1e-12));
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= l[i][m] * z[m];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < p; m++) {
                s -= l[m][i] * x[m];
            }
            x[i] = s / l[i][i];
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
