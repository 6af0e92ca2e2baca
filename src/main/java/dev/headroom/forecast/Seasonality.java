package dev.headroom.forecast;

/**
 * Which seasons a model may use on a training window (FORECAST_PROTOCOL.md): the daily season
 * only with at least two days of samples, the weekly season only with at least two weeks.
 *
 * @param daily  period of the daily season in steps, or 0 when not allowed
 * @param weekly period of the weekly season in steps, or 0 when not allowed
 */
public record Seasonality(int daily, int weekly) {
    public static final Seasonality NONE = new Seasonality(0, 0);

    public static Seasonality of(History h) {
        int d = h.stepsPerDay();
        if (d < 2) {
            return NONE;
        }
        int n = h.size();
        return new Seasonality(n >= 2 * d ? d : 0, n >= 14 * d ? 7 * d : 0);
    }

    public boolean seasonal() {
        return daily > 0;
    }

    /** The allowed periods, shortest first. */
    public int[] periods() {
        if (weekly > 0) {
            return new int[] {daily, weekly};
        }
        return daily > 0 ? new int[] {daily} : new int[0];
    }
}
