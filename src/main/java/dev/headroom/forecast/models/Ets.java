package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

/**
 * Automatic exponential smoothing on the seasonally adjusted series: the allowed seasons are
 * removed with {@link Mstl}, simple, Holt and damped Holt smoothing are fitted to the rest and
 * the one with the lowest AICc is extrapolated, then the seasons are added back.
 */
public final class Ets implements ForecastModel {

    @Override
    public String name() {
        return "ets";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        double[] y = Histories.fillGaps(history.values());
        int n = y.length;
        if (n == 0) {
            throw new ForecastException("no history");
        }
        Mstl.Decomposition dec = Mstl.decompose(y, seasons.periods());
        EtsFit fit = EtsFit.auto(dec.adjusted());
        double[] f = fit.forecast(horizon);
        double[] s = dec.seasonal(n, horizon);
        for (int k = 0; k < horizon; k++) {
            f[k] += s[k];
        }
        return f;
    }
}
