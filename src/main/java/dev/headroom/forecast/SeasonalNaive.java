package dev.headroom.forecast;

/**
 * Repeats the last observed season: the last week when the weekly season is allowed and
 * {@code weekly} is set, else the last day; without an allowed season, the last value (naive).
 * The benchmark's yardstick and the fallback of every other model.
 */
public final class SeasonalNaive implements ForecastModel {
    private final boolean weekly;

    private SeasonalNaive(boolean weekly) {
        this.weekly = weekly;
    }

    /** Repeats the last day (the protocol's reference model). */
    public static SeasonalNaive daily() {
        return new SeasonalNaive(false);
    }

    /** Repeats the last week where two weeks of history allow it, else the last day. */
    public static SeasonalNaive weekly() {
        return new SeasonalNaive(true);
    }

    @Override
    public String name() {
        return weekly ? "snaive_week" : "snaive";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        double[] y = Histories.fillGaps(history.values());
        int n = y.length;
        if (n == 0) {
            throw new ForecastException("no history");
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
