package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

/**
 * A window with gaps filled and its allowed seasons removed ({@link Mstl}), for the families that
 * forecast the adjusted series and add the seasons back ({@link Ets}, {@link Theta}).
 */
record SeasonallyAdjusted(double[] filled, Mstl.Decomposition decomposition) {

    /** @throws ForecastException when the window is empty */
    static SeasonallyAdjusted of(History history, Seasonality seasons) {
        double[] y = Histories.fillGaps(history.values());
        if (y.length == 0) {
            throw new ForecastException("no history");
        }
        return new SeasonallyAdjusted(y, Mstl.decompose(history, y, seasons.periods()));
    }

    /** The series without its seasons; shared, not to be changed. */
    double[] adjusted() {
        return decomposition.adjusted();
    }

    /** A forecast of the adjusted series with the seasons added back, within the observed range. */
    double[] reseason(double[] path) {
        return EtsGuard.reseason(decomposition, filled, path);
    }
}
