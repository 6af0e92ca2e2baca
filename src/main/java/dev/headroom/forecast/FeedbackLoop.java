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

    /**
     * How a service's load forecasts held during its latest rollouts (the rollout scores that
     * {@code dev.headroom.rollout.RolloutOutcome} writes when a rollout ends), over the last
     * {@value #ROLLOUT_WINDOW} rollouts that scored it.
     *
     * @param rollouts       rollouts the scores come from
     * @param checks         monitoring ticks with a forecast
     * @param above          ticks whose observed load exceeded the forecast's upper quantile
     * @param expectedShare  the share the quantile allows ({@code 1 − quantile}); NaN when unknown
     * @param meanBias       mean observed − median in cores, over the ticks; positive = forecast low
     * @param worstUnder     largest observed − median in cores
     * @param chance         probability of at least {@code above} such ticks if the quantile held (ticks
     *                       taken as independent, which neighbouring ticks are not quite); NaN when unknown
     * @param flagged        the upper quantile was exceeded more often than chance explains: the plans
     *                       built on it covered less than they said
     */
    public record RolloutCalibration(String service, int rollouts, int checks, int above, double expectedShare,
                                     double meanBias, double worstUnder, double chance, boolean flagged) {
        public double observedShare() {
            return checks == 0 ? Double.NaN : (double) above / checks;
        }

        /** One sentence for the operator. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "during its last %s %s's load exceeded the "
                            + "forecast's upper quantile at %d of %d checks (%.0f %%%s); mean bias %+.2f cores, worst "
                            + "%.2f cores above the median%s", rollouts == 1 ? "rollout" : rollouts + " rollouts",
                    service, above,
                    checks, 100 * observedShare(), Double.isNaN(expectedShare) ? ""
                            : String.format(java.util.Locale.ROOT, ", %.0f %% expected", 100 * expectedShare),
                    meanBias, worstUnder, flagged ? ": the forecast's upper quantile is too low for this service"
                            : "");
        }
    }

    /** Rollouts the rollout calibration looks back over. */
    public static final int ROLLOUT_WINDOW = 3;
    /** Below this chance, the ticks above the upper quantile are not bad luck. */
    public static final double CALIBRATION_ALPHA = 0.05;

    /** The service's calibration over its latest rollouts; empty when no rollout scored it. */
    public Optional<RolloutCalibration> rolloutCalibration(String account, String service) {
        List<ForecastJournal.RolloutScore> recent = journal.recentRolloutScores(account, service, 500);
        java.util.Set<String> rollouts = new java.util.LinkedHashSet<>();
        int checks = 0;
        int above = 0;
        double bias = 0;
        double worst = 0;
        double allowed = 0;
        int withQuantile = 0;
        for (ForecastJournal.RolloutScore s : recent) {
            if (!rollouts.contains(s.rolloutId()) && rollouts.size() == ROLLOUT_WINDOW) {
                continue;
            }
            rollouts.add(s.rolloutId());
            checks += s.checks();
            above += s.checksAbove();
            bias += s.bias() * s.checks();
            worst = Math.max(worst, s.worstUnder());
            if (!Double.isNaN(s.quantile())) {
                allowed += (1 - s.quantile()) * s.checks();
                withQuantile += s.checks();
            }
        }
        if (checks == 0) {
            return Optional.empty();
        }
        double expected = withQuantile == 0 ? Double.NaN : allowed / withQuantile;
        double chance = Double.isNaN(expected) ? Double.NaN : atLeast(above, checks, expected);
        boolean flagged = above > 0 && chance < CALIBRATION_ALPHA;
        return Optional.of(new RolloutCalibration(service, rollouts.size(), checks, above, expected, bias / checks,
                worst, chance, flagged));
    }

    /** P(X ≥ k) for X binomial(n, p), summed in log space so that large n neither overflows nor underflows. */
    static double atLeast(int k, int n, double p) {
        if (k <= 0) {
            return 1;
        }
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        double log = k * Math.log(p) + (n - k) * Math.log1p(-p);
        for (int i = 1; i <= k; i++) {
            log += Math.log(n - k + i) - Math.log(i);
        }
        double odds = Math.log(p) - Math.log1p(-p);
        double sum = 0;
        for (int i = k; i <= n; i++) {
            sum += Math.exp(log);
            // the next term of the tail from this one: × (n − i) / (i + 1) × p / (1 − p)
            log += Math.log(n - i) - Math.log(i + 1) + odds;
        }
        return Math.min(1, sum);
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
