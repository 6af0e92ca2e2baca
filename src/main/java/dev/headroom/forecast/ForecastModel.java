package dev.headroom.forecast;

/**
 * A model family that turns a history into point forecasts. Implementations are stateless and
 * thread-safe: every call is a fresh fit (the benchmark protocol carries no state across
 * origins), and a fleet is forecast in parallel.
 *
 * <p>Intervals are not the model's business: {@link IntervalCalibrator} derives them from the
 * model's own backtest errors, so that every family's 80 % and 95 % (or other levels) mean the same thing.
 */
public interface ForecastModel {

    /** Short stable name used in reports, the UI and {@code --format json} ({@code snaive}, {@code ets}, …). */
    String name();

    /**
     * Point forecasts for the {@code horizon} steps after {@code history}.
     *
     * @param seasons the seasons this history allows (see {@link Seasonality#of})
     * @return {@code horizon} finite values
     * @throws ForecastException when this family cannot fit the history (too short, flat, …);
     *                           the message is the reason recorded for the fallback
     */
    double[] forecast(History history, int horizon, Seasonality seasons);

    /**
     * Whether this family applies to windows with these seasons at all. The automatic choice
     * leaves inapplicable families out without listing them as failures.
     */
    default boolean applicable(Seasonality seasons) {
        return true;
    }
}
