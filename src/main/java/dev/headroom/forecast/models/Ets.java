package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
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
        double[] y = Histories.fillGaps(history.values());
        if (y.length == 0) {
            throw new ForecastException("no history");
        }
        Mstl.Decomposition dec = Mstl.decompose(history, y, seasons.periods());
        double[] path = EtsFit.fit(dec.adjusted(), horizon, true).forecast(horizon);
        return EtsGuard.reseason(dec, y, path);
    }
}
