package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.time.Duration;
import java.util.Arrays;

/**
 * The mean of the most recent samples, flat over the horizon: the forecast of a noisy load that
 * returns to its level. A short window follows level changes, a long one averages spikes away.
 */
public final class WindowMean implements ForecastModel {
    private final Duration span;

    private WindowMean(Duration span) {
        this.span = span;
    }

    /** The mean of the whole training window. */
    public static WindowMean all() {
        return new WindowMean(null);
    }

    /** The mean of the samples in the last {@code span} (at least one sample). */
    public static WindowMean last(Duration span) {
        if (span.isZero() || span.isNegative()) {
            throw new IllegalArgumentException("span must be positive: " + span);
        }
        return new WindowMean(span);
    }

    @Override
    public String name() {
        if (span == null) {
            return "mean";
        }
        long minutes = span.toMinutes();
        return minutes % 60 == 0 ? "mean_" + minutes / 60 + "h" : "mean_" + minutes + "m";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        int n = history.size();
        int window = span == null ? n : (int) Math.max(1, Math.min(n, span.getSeconds() / history.step().getSeconds()));
        double sum = 0;
        int count = 0;
        // gaps are left out rather than filled: interpolated samples would weigh one neighbour twice
        for (int i = n - window; i < n; i++) {
            double v = history.value(i);
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        if (count == 0) {
            throw new ForecastException("no sample in the last " + window + " steps");
        }
        double[] f = new double[horizon];
        Arrays.fill(f, sum / count);
        return f;
    }
}
