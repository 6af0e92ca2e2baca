package dev.headroom.forecast.models;

import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalCalibrator;
import dev.headroom.forecast.IntervalLevels;

import java.util.List;

/**
 * {@link GlobalModel} with conformal intervals. {@link #prepare} trains it on the pool of training
 * windows; unprepared, it trains on the one history it is asked to forecast (a local model of the
 * same form), so it never needs a pool to work.
 */
public final class GlobalForecaster implements Forecaster {
    private final GlobalModel model;

    private GlobalForecaster(GlobalModel model) {
        this.model = model;
    }

    public static GlobalForecaster create() {
        return new GlobalForecaster(null);
    }

    @Override
    public String name() {
        return "global";
    }

    @Override
    public Forecaster prepare(List<History> pool) {
        try {
            return new GlobalForecaster(GlobalModel.train(pool));
        } catch (ForecastException e) {
            return this;
        }
    }

    @Override
    public Forecast forecast(History history, int horizon, IntervalLevels levels) {
        GlobalModel m = model != null ? model : GlobalModel.train(List.of(history));
        return new CalibratedForecaster(m, new IntervalCalibrator()).forecast(history, horizon, levels);
    }
}
