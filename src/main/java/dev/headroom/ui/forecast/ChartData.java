package dev.headroom.ui.forecast;

import dev.headroom.forecast.IntervalLevels;

import java.time.Instant;

/**
 * Everything the Forecast chart draws, at full resolution: the view thins it to the pixels it
 * has. Times are epoch milliseconds (what the chart's time axis counts in); a missing sample is
 * {@code NaN}.
 *
 * @param title         e.g. "checkout-eu-1 · cpu"
 * @param now           the account's clock when the chart was read
 * @param forecastStart the first forecast step; history is before it, actuals from it on
 * @param history       stored samples before the forecast start
 * @param actual        stored samples from the forecast start up to the account's clock: the
 *                      load that arrived after the forecast was made, drawn over it
 * @param forecast      the forecast with its intervals, or {@code null} when there is none
 */
public record ChartData(String title, Instant now, Instant forecastStart, Line history, Line actual,
                        Band forecast) {

    /** A line of samples. */
    public record Line(double[] x, double[] y) {
        public static final Line EMPTY = new Line(new double[0], new double[0]);

        public int size() {
            return x.length;
        }
    }

    /**
     * Point forecast with the bounds of its central prediction intervals per step: the inner band
     * at {@code levels.inner()} (80 % by default) and the outer band at {@code levels.outer()}.
     */
    public record Band(double[] x, double[] mean, double[] lowerInner, double[] upperInner, double[] lowerOuter,
                       double[] upperOuter, IntervalLevels levels) {
        public int size() {
            return x.length;
        }
    }

    /** Whether there is anything to draw. */
    public boolean drawable() {
        return history.size() > 0 || actual.size() > 0 || forecast != null;
    }
}
