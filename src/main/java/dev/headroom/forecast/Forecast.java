package dev.headroom.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * A forecast with prediction intervals for the steps after {@code start}.
 *
 * @param model        the model (or combination) that made it, e.g. {@code ets} or {@code auto(ets+dhr)}
 * @param reason       why this model: the selection or the fallback, in operator words
 * @param backtestMase mean absolute scaled error of the model in its own backtest; NaN when unknown
 * @param lower80      lower bound of the central 80 % interval per step (and so on)
 */
public record Forecast(String seriesId, Instant start, Duration step, double[] mean, double[] lower80,
                       double[] upper80, double[] lower95, double[] upper95, String model, String reason,
                       double backtestMase) {
    public Forecast {
        int h = mean.length;
        if (lower80.length != h || upper80.length != h || lower95.length != h || upper95.length != h) {
            throw new IllegalArgumentException("interval bounds must have " + h + " steps");
        }
        for (int i = 0; i < h; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(lower95[i]) || !Double.isFinite(upper95[i])
                    || !Double.isFinite(lower80[i]) || !Double.isFinite(upper80[i])) {
                throw new IllegalArgumentException(model + " produced a non-finite forecast at step " + (i + 1));
            }
        }
        mean = mean.clone();
        lower80 = lower80.clone();
        upper80 = upper80.clone();
        lower95 = lower95.clone();
        upper95 = upper95.clone();
    }

    public int horizon() {
        return mean.length;
    }

    /** The same forecast with another reason text. */
    public Forecast withReason(String newReason) {
        return new Forecast(seriesId, start, step, mean, lower80, upper80, lower95, upper95, model, newReason,
                backtestMase);
    }

    /** Point forecast of step {@code k} (0-based), without copying the array. */
    public double meanAt(int k) {
        return mean[k];
    }

    public double lower80At(int k) {
        return lower80[k];
    }

    public double upper80At(int k) {
        return upper80[k];
    }

    public double lower95At(int k) {
        return lower95[k];
    }

    public double upper95At(int k) {
        return upper95[k];
    }

    /** Start instant of step {@code k}. */
    public Instant time(int k) {
        return start.plus(step.multipliedBy(k));
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] lower80() {
        return lower80.clone();
    }

    @Override
    public double[] upper80() {
        return upper80.clone();
    }

    @Override
    public double[] lower95() {
        return lower95.clone();
    }

    @Override
    public double[] upper95() {
        return upper95.clone();
    }
}
