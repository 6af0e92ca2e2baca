package dev.headroom.forecast;

import dev.headroom.forecast.models.Drift;
import dev.headroom.forecast.models.Naive;
import dev.headroom.forecast.models.WindowMean;

import java.time.Duration;
import java.util.List;

/** The model families the automatic choice ({@link AutoForecaster}) compares on every series. */
public final class ForecastModels {
    private ForecastModels() {
    }

    /** Candidates in order of preference: on equal backtest error the earlier one is chosen. */
    public static List<ForecastModel> candidates() {
        return List.of(SeasonalNaive.daily(), SeasonalNaive.weekly(), new Naive(), WindowMean.all(),
                WindowMean.last(Duration.ofHours(1)), new Drift());
    }
}
