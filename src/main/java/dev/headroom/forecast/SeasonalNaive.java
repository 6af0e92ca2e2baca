package dev.headroom.forecast;

/**
 * Repeats the last observed season: the last week when the weekly season is allowed and
 * {@code weekly} is set, else the last day; without an allowed season, the last value (naive).
 * The benchmark's yardstick and the fallback of every other model.
 */
public final class SeasonalNaive implements ForecastModel {
    private final boolean weekly;
    /** Refuse windows without the season instead of degrading to naive (for the automatic choice). */
    private final boolean strict;

    private SeasonalNaive(boolean weekly, boolean strict) {
        this.weekly = weekly;
        this.strict = strict;
    }

    /** Repeats the last day (the protocol's reference model). */
    public static SeasonalNaive daily() {
        return new SeasonalNaive(false, false);
    }

    /**
     * As a candidate of the automatic choice: only where the season is allowed. On a window
     * without one it would be the random walk, which on mean-reverting load loses to the
     * smoothing families and only adds noise to the selection.
     */
    public static SeasonalNaive dailyWhereSeasonal() {
        return new SeasonalNaive(false, true);
    }

    /** As {@link #dailyWhereSeasonal()}, repeating the last week; needs the weekly season. */
    public static SeasonalNaive weeklyWhereSeasonal() {
        return new SeasonalNaive(true, true);
    }

    /** Repeats the last week where two weeks of history allow it, else the last day. */
    public static SeasonalNaive weekly() {
        return new SeasonalNaive(true, false);
    }

    @Override
    public String name() {
        return weekly ? "snaive_week" : "snaive";
    }

    @Override
    public boolean applicable(Seasonality seasons) {
        return !strict || (weekly ? seasons.weekly() : seasons.daily()) > 0;
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        double[] y = Histories.fillGaps(history.values());
        int n = y.length;
        if (n == 0) {
            throw new ForecastException("no history");
        }
        if (strict && (weekly ? seasons.weekly() : seasons.daily()) <= 0) {
            throw new ForecastException("the window holds too few days for a " + (weekly ? "weekly" : "daily")
                    + " season");
        }
        int m = weekly && seasons.weekly() > 0 ? seasons.weekly() : seasons.daily();
        if (m <= 0 || m > n) {
            m = 1;
        }
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            f[k] = y[n - m + (k % m)];
        }
        return f;
    }
}
