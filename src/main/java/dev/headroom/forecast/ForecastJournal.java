package dev.headroom.forecast;

import dev.headroom.domain.HeadroomException;

import java.time.Instant;
import java.util.List;

/**
 * Where every forecast the engine makes is kept and later scored against what happened (seed
 * 002's feedback loop). Implementations throw {@link HeadroomException} when storage fails.
 */
public interface ForecastJournal {

    /** A forecast as recorded, with the error scale of the training window it was fitted on. */
    record Entry(Forecast forecast, double scale) {
    }

    /** A recorded forecast that has not been scored yet. */
    record Pending(long run, Instant madeAt, Entry entry) {
    }

    /**
     * How a recorded forecast did once its whole horizon had actuals. {@code mase} is NaN when
     * the scale was 0; the coverages are the shares of actuals inside the forecast's own inner
     * and outer band, to be compared with its {@code levels}.
     */
    record Score(long run, String seriesId, Instant madeAt, Instant scoredAt, String model, int actuals, double mase,
                 IntervalLevels levels, double coverageInner, double coverageOuter, double backtestMase) {
    }

    /** Records forecasts made at {@code madeAt}; returns the run's id. */
    long record(String account, Instant madeAt, List<Entry> entries);

    /** Unscored forecasts of the account whose horizon ended at or before {@code until}, oldest first. */
    List<Pending> dueForScoring(String account, Instant until);

    void saveScore(String account, Score score);

    /** The latest {@code limit} scores of a series, newest first. */
    List<Score> scores(String account, String seriesId, int limit);
}
