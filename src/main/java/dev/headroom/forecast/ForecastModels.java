package dev.headroom.forecast;

import dev.headroom.forecast.models.Arima;
import dev.headroom.forecast.models.Dhr;
import dev.headroom.forecast.models.Drift;
import dev.headroom.forecast.models.Ets;
import dev.headroom.forecast.models.GlobalModel;
import dev.headroom.forecast.models.Naive;
import dev.headroom.forecast.models.Theta;
import dev.headroom.forecast.models.WindowMean;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The model families the automatic choice ({@link AutoForecaster}) compares on every series. */
public final class ForecastModels {
    private ForecastModels() {
    }

    /**
     * Candidates for every window, in order of preference (on equal backtest error the earlier
     * one is chosen): the families that model level, trend and season themselves. Measured on
     * DEV with the cross-series model added: relative MASE 0.778 (short tier 0.810, seasonal
     * tiers 0.540), against 0.793 without ARIMA and DHR.
     */
    public static List<ForecastModel> core() {
        return List.of(new Ets(), new Theta(), WindowMean.all(), new Arima());
    }

    /**
     * Candidates added only on windows long enough to hold a daily season. Each is right on some
     * series (repeating last week, following a recent level shift), but short windows give the
     * inner backtests too little evidence to tell when, and choosing among more candidates on
     * thin evidence adds noise rather than accuracy (measured on DEV: 0.823 vs 0.849 relative
     * MASE on the short tier with and without them).
     */
    public static List<ForecastModel> whereSeasonal() {
        return List.of(SeasonalNaive.dailyWhereSeasonal(), SeasonalNaive.weeklyWhereSeasonal(), new Naive(),
                WindowMean.last(Duration.ofHours(1)), new Drift(), new Dhr());
    }

    /**
     * Every family as it is benchmarked on its own: seasonal naive in its plain form (naive on
     * windows without a season), as the benchmark protocol defines it.
     */
    public static List<ForecastModel> families() {
        return List.of(SeasonalNaive.daily(), SeasonalNaive.weekly(), new Naive(), WindowMean.all(),
                WindowMean.last(Duration.ofHours(1)), new Drift(), new Ets(), new Theta(), new Arima(), new Dhr());
    }

    /**
     * The core candidates plus the cross-series model trained on {@code pool}; without it when
     * the pool holds nothing to learn from.
     */
    public static List<ForecastModel> core(List<History> pool) {
        List<ForecastModel> all = new ArrayList<>(core());
        try {
            all.add(GlobalModel.train(pool));
        } catch (ForecastException e) {
            // a pool of flat or empty windows: the per-series families still cover it
        }
        return all;
    }
}
