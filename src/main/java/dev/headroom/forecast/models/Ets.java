package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

/**
 * Exponential smoothing on the seasonally adjusted series: the allowed seasons are removed with
 * {@link Mstl}, simple or damped-trend smoothing tuned for the requested horizon (see
 * {@link EtsFit}) is extrapolated, and the seasons are added back.
 */
public final class Ets implements ForecastModel {

    @Override
    public String name() {
        return "ets";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        SeasonallyAdjusted window = SeasonallyAdjusted.of(history, seasons);
        return window.reseason(EtsFit.fit(window.adjusted(), horizon, true).forecast(horizon));
    }
}
