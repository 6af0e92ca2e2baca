package dev.headroom.forecast;

import java.util.Arrays;

/**
 * Prediction intervals from the model's own backtest errors (split conformal): the model is
 * refitted at a few inner origins inside the training window, and the absolute errors of those
 * forecasts give the interval half-widths. No distributional assumption, so a model that is
 * biased or whose errors are heavy-tailed still gets intervals that cover what they claim.
 *
 * <p>First version: errors are pooled over horizon steps in a few buckets (near, middle, far),
 * since three origins give too few errors per single step.
 */
public final class IntervalCalibrator {
    private static final int ORIGINS = 3;
    private static final int BUCKETS = 4;

    /** Half-widths per step for the 80 % and 95 % intervals. */
    public record HalfWidths(double[] w80, double[] w95) {
    }

    /**
     * @throws ForecastException when the history is too short to leave any inner origin
     */
    public HalfWidths calibrate(ForecastModel model, History history, int horizon) {
        int n = history.size();
        // each inner origin leaves at least half the history (and two points) to train on
        int innerH = Math.max(1, Math.min(horizon, (n / 2) / ORIGINS));
        double[][] errors = new double[BUCKETS][];
        int[] counts = new int[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            errors[b] = new double[ORIGINS * innerH];
        }
        int used = 0;
        for (int j = ORIGINS; j >= 1; j--) {
            int origin = n - j * innerH;
            if (origin < 2) {
                continue;
            }
            History train = history.head(origin);
            double[] f = model.forecast(train, innerH, Seasonality.of(train));
            for (int k = 0; k < innerH; k++) {
                double actual = history.value(origin + k);
                if (Double.isNaN(actual)) {
                    continue;
                }
                int b = bucket(k, innerH);
                errors[b][counts[b]++] = Math.abs(actual - f[k]);
            }
            used++;
        }
        if (used == 0) {
            throw new ForecastException("history of " + n + " samples is too short to calibrate intervals");
        }
        double[] q80 = new double[BUCKETS];
        double[] q95 = new double[BUCKETS];
        double lastQ80 = 0;
        double lastQ95 = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (counts[b] == 0) {
                q80[b] = lastQ80;
                q95[b] = lastQ95;
                continue;
            }
            double[] e = Arrays.copyOf(errors[b], counts[b]);
            Arrays.sort(e);
            // intervals never narrow with the horizon: uncertainty does not shrink further out
            q80[b] = Math.max(lastQ80, conformalQuantile(e, 0.80));
            q95[b] = Math.max(lastQ95, conformalQuantile(e, 0.95));
            lastQ80 = q80[b];
            lastQ95 = q95[b];
        }
        double[] w80 = new double[horizon];
        double[] w95 = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            // steps beyond the inner horizon use the farthest bucket
            int b = k < innerH ? bucket(k, innerH) : BUCKETS - 1;
            w80[k] = q80[b];
            w95[k] = Math.max(q95[b], q80[b]);
        }
        return new HalfWidths(w80, w95);
    }

    private static int bucket(int k, int h) {
        return Math.min(BUCKETS - 1, k * BUCKETS / h);
    }

    /** The ceil((n+1)·level)-th smallest error: the finite-sample conformal quantile. */
    static double conformalQuantile(double[] sorted, double level) {
        int n = sorted.length;
        int rank = (int) Math.ceil((n + 1) * level);
        return sorted[Math.min(n, Math.max(1, rank)) - 1];
    }
}
