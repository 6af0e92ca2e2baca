package dev.headroom.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * A forecast with two central prediction intervals for the steps after {@code start}: an inner
 * and an outer band at the nominal {@code levels} (80 % and 95 % unless configured otherwise).
 *
 * @param lowerInner   lower bound of the central interval at {@code levels.inner()} per step
 * @param upperInner   its upper bound
 * @param lowerOuter   lower bound of the central interval at {@code levels.outer()} per step
 * @param upperOuter   its upper bound
 * @param levels       the nominal levels both bands were calibrated to
 * @param model        the model (or combination) that made it, e.g. {@code ets} or {@code auto(ets+dhr)}
 * @param reason       why this model: the selection or the fallback, in operator words
 * @param backtestMase mean absolute scaled error of the model in its own backtest; NaN when unknown
 */
public record Forecast(String seriesId, Instant start, Duration step, double[] mean, double[] lowerInner,
                       double[] upperInner, double[] lowerOuter, double[] upperOuter, IntervalLevels levels,
                       String model, String reason, double backtestMase) {
    public Forecast {
        int h = mean.length;
        if (lowerInner.length != h || upperInner.length != h || lowerOuter.length != h || upperOuter.length != h) {
            throw new IllegalArgumentException("interval bounds must have " + h + " steps");
        }
        if (levels == null) {
            throw new IllegalArgumentException(model + " produced a forecast without interval levels");
        }
        for (int i = 0; i < h; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(lowerOuter[i]) || !Double.isFinite(upperOuter[i])
                    || !Double.isFinite(lowerInner[i]) || !Double.isFinite(upperInner[i])) {
                throw new IllegalArgumentException(model + " produced a non-finite forecast at step " + (i + 1));
            }
        }
        mean = mean.clone();
        lowerInner = lowerInner.clone();
        upperInner = upperInner.clone();
        lowerOuter = lowerOuter.clone();
        upperOuter = upperOuter.clone();
    }

    public int horizon() {
        return mean.length;
    }

    /** The same forecast with another reason text. */
    public Forecast withReason(String newReason) {
        return new Forecast(seriesId, start, step, mean, lowerInner, upperInner, lowerOuter, upperOuter, levels, model,
                newReason, backtestMase);
    }

    /** Point forecast of step {@code k} (0-based), without copying the array. */
    public double meanAt(int k) {
        return mean[k];
    }

    public double lowerInnerAt(int k) {
        return lowerInner[k];
    }

    public double upperInnerAt(int k) {
        return upperInner[k];
    }

    public double lowerOuterAt(int k) {
        return lowerOuter[k];
    }

    public double upperOuterAt(int k) {
        return upperOuter[k];
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
    public double[] lowerInner() {
        return lowerInner.clone();
    }

    @Override
    public double[] upperInner() {
        return upperInner.clone();
    }

    @Override
    public double[] lowerOuter() {
        return lowerOuter.clone();
    }

    @Override
    public double[] upperOuter() {
        return upperOuter.clone();
    }
}
