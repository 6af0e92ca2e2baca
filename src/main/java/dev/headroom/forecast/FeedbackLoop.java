package dev.headroom.forecast;

import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.fleet.FleetStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Seed 002's self-learning loop: forecasts whose horizon has passed are scored against the
 * stored actuals, and a series whose live error has drifted well above the backtest error its
 * model was chosen on is flagged, so the operator (and the next selection) knows the model no
 * longer fits.
 */
public final class FeedbackLoop {
    /** Live MASE this many times the backtest MASE, over the recent scores, counts as drift. */
    public static final double DRIFT_RATIO = 1.5;
    /** Scores averaged for the drift check: one bad day is noise, three are a pattern. */
    public static final int DRIFT_WINDOW = 3;

    private final FleetStore store;
    private final ForecastJournal journal;

    public FeedbackLoop(FleetStore store, ForecastJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    /** Live error of a series' recent forecasts against the backtest error they were chosen on. */
    public record Drift(String seriesId, double liveMase, double backtestMase, int scores, boolean drifted) {
    }

    /**
     * Scores every recorded forecast of the account whose horizon ended by {@code now}.
     *
     * @return how many forecasts were scored
     */
    public int scoreDue(String account, Instant now) {
        List<ForecastJournal.Pending> due = journal.dueForScoring(account, now);
        for (ForecastJournal.Pending p : due) {
            Forecast f = p.entry().forecast();
            Optional<MetricSeries> actual = store.series(account, SeriesId.parse("series_id", f.seriesId()), f.start(),
                    f.time(f.horizon()));
            journal.saveScore(account, score(p, actual.orElse(null), now));
        }
        return due.size();
    }

    /**
     * Scores one recorded forecast against {@code actual}: coverage is measured for the bands it
     * was made with, so against its own levels (a 50 %/90 % forecast is not held to 80 %/95 %).
     */
    static ForecastJournal.Score score(ForecastJournal.Pending p, MetricSeries actual, Instant now) {
        Forecast f = p.entry().forecast();
        double abs = 0;
        int n = 0;
        int inInner = 0;
        int inOuter = 0;
        if (actual != null) {
            long step = f.step().getSeconds();
            for (int i = 0; i < actual.size(); i++) {
                double y = actual.value(i);
                long k = (actual.time(i).getEpochSecond() - f.start().getEpochSecond()) / step;
                if (Double.isNaN(y) || k < 0 || k >= f.horizon()) {
                    continue;
                }
                int j = (int) k;
                abs += Math.abs(y - f.meanAt(j));
                inInner += y >= f.lowerInnerAt(j) && y <= f.upperInnerAt(j) ? 1 : 0;
                inOuter += y >= f.lowerOuterAt(j) && y <= f.upperOuterAt(j) ? 1 : 0;
                n++;
            }
        }
        double scale = p.entry().scale();
        double mase = n == 0 || scale <= 0 ? Double.NaN : abs / n / scale;
        return new ForecastJournal.Score(p.run(), f.seriesId(), p.madeAt(), now, f.model(), n, mase, f.levels(),
                n == 0 ? Double.NaN : (double) inInner / n, n == 0 ? Double.NaN : (double) inOuter / n,
                f.backtestMase());
    }

    /** The drift check over the series' latest scores; empty when none has a defined MASE yet. */
    public Optional<Drift> drift(String account, String seriesId) {
        List<ForecastJournal.Score> recent = journal.scores(account, seriesId, DRIFT_WINDOW).stream()
                .filter(s -> !Double.isNaN(s.mase())).toList();
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        double live = recent.stream().mapToDouble(ForecastJournal.Score::mase).average().orElse(Double.NaN);
        double backtest = recent.stream().mapToDouble(ForecastJournal.Score::backtestMase).filter(d -> !Double.isNaN(d))
                .average().orElse(Double.NaN);
        boolean drifted = recent.size() >= DRIFT_WINDOW && !Double.isNaN(backtest) && live > DRIFT_RATIO * backtest;
        return Optional.of(new Drift(seriesId, live, backtest, recent.size(), drifted));
    }
}
