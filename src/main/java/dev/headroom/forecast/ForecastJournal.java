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

    /**
     * How the forecast a rollout was monitored against did during one of its plan batches for one
     * service, from the rollout's monitoring ticks that had a forecast (see docs/rollouts.md,
     * "Learning from a rollout").
     *
     * @param scoredAt   plan time of the batch's last tick for the service
     * @param quantile   the forecast quantile the plan covered; NaN when unknown
     * @param checks     ticks with a forecast (at least 1)
     * @param mae        mean |observed − median| in cores
     * @param bias       mean (observed − median) in cores; positive when the forecast was low
     * @param aboveUpper share of the ticks whose observed load exceeded the forecast's upper
     *                   quantile, to be compared with {@code 1 − quantile}
     * @param worstUnder largest (observed − median) in cores; 0 when the load never exceeded the median
     */
    record RolloutScore(String rolloutId, int batch, String service, Instant scoredAt, double quantile, int checks,
                        double mae, double bias, double aboveUpper, double worstUnder) {
        public RolloutScore {
            if (checks < 1) {
                throw new IllegalArgumentException("a rollout score needs at least one check, not " + checks);
            }
        }

        /** Ticks above the upper quantile. */
        public int checksAbove() {
            return (int) Math.round(aboveUpper * checks);
        }
    }

    /**
     * Stores a finished rollout's scores in one transaction. A score is keyed by rollout, batch and
     * service: storing one again replaces it, so recording a rollout twice does not count it twice.
     */
    void saveRolloutScores(String account, List<RolloutScore> scores);

    /** A rollout's scores, by batch and service. */
    List<RolloutScore> rolloutScores(String account, String rolloutId);

    /** The latest {@code limit} rollout scores of a service, newest first (by plan time, then rollout and batch). */
    List<RolloutScore> recentRolloutScores(String account, String service, int limit);
}
