package dev.headroom.forecast;

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

    /** Candidates in order of preference: on equal backtest error the earlier one is chosen. */
    public static List<ForecastModel> candidates() {
        return List.of(SeasonalNaive.daily(), SeasonalNaive.weekly(), new Naive(), WindowMean.all(),
                WindowMean.last(Duration.ofHours(1)), new Drift(), new Ets(), new Theta());
    }

    /**
     * The candidates plus the cross-series model trained on {@code pool}; without it when the
     * pool holds nothing to learn from.
     */
    public static List<ForecastModel> candidates(List<History> pool) {
        List<ForecastModel> all = new ArrayList<>(candidates());
        try {
            all.add(GlobalModel.train(pool));
        } catch (ForecastException e) {
            // a pool of flat or empty windows: the per-series families still cover it
        }
        return all;
    }
}
