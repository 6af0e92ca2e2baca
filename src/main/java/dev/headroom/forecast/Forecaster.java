package dev.headroom.forecast;

import java.util.List;

/** Turns a training window into a forecast with calibrated intervals. Thread-safe. */
public interface Forecaster {

    /** Name used in reports; {@code auto} for the automatic choice. */
    String name();

    /**
     * Forecasts {@code horizon} steps after {@code history}, with its two intervals calibrated to
     * {@code levels}.
     *
     * @throws ForecastException when no forecast can be made (the caller falls back)
     */
    Forecast forecast(History history, int horizon, IntervalLevels levels);

    /**
     * Forecasts {@code horizon} steps after {@code history} with intervals at the default
     * levels ({@link IntervalLevels#DEFAULT}, 80 % and 95 %).
     *
     * @throws ForecastException when no forecast can be made (the caller falls back)
     */
    default Forecast forecast(History history, int horizon) {
        return forecast(history, horizon, IntervalLevels.DEFAULT);
    }

    /**
     * A forecaster ready for a set of series. Models that learn across series train on
     * {@code pool} here (the training windows only, so nothing after an origin leaks in); others
     * return themselves.
     */
    default Forecaster prepare(List<History> pool) {
        return this;
    }
}
