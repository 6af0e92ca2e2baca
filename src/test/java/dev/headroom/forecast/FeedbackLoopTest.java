package dev.headroom.forecast;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.engine.DataDirectory;
import dev.headroom.persistence.SqliteForecastJournal;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Recorded forecasts are scored once their horizon has actuals, and drift is flagged. */
class FeedbackLoopTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);
    static final String SERIES = "web-1/cpu";

    @TempDir
    Path dir;
    SqliteStore store;
    SqliteForecastJournal journal;
    FeedbackLoop loop;

    @BeforeEach
    void open() {
        store = SqliteStore.open(DataDirectory.databaseFile(dir));
        journal = new SqliteForecastJournal(store);
        loop = new FeedbackLoop(store, journal);
        double[] actual = new double[48];
        Arrays.fill(actual, 50);
        actual[5] = Double.NaN;
        store.replace(new AccountSnapshot(new Account("demo", AccountKind.FILES, T0, Map.of()), List.of(),
                List.of(new Host("web-1", List.of("frontend"), "eu-west-1", "eu-west-1a", "m5.large",
                        new Capacity(2, 8, 0, 0), 0.1, "v1", Criticality.HIGH, "")),
                List.of(new Service("frontend", Criticality.HIGH, null)), List.of(),
                List.of(new MetricSeries(new SeriesId("web-1", Metric.CPU), T0, STEP, actual)), List.of(), List.of(),
                List.of(), Optional.empty()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A 12-step forecast of a constant {@code level} with ±{@code w80}/±{@code w95} intervals. */
    static Forecast forecast(Instant start, double level, double w80, double w95, double backtestMase) {
        double[] m = new double[12];
        Arrays.fill(m, level);
        return new Forecast(SERIES, start, STEP, m, add(m, -w80), add(m, w80), add(m, -w95), add(m, w95),
                IntervalLevels.DEFAULT, "ets", "test", backtestMase);
    }

    static double[] add(double[] a, double d) {
        return Arrays.stream(a).map(v -> v + d).toArray();
    }

    @Test
    void forecastIsScoredOnlyAfterItsHorizonAndOnlyOnce() {
        journal.record("demo", T0, List.of(new ForecastJournal.Entry(forecast(T0, 48, 1, 3, 0.8), 4.0)));
        Instant horizonEnd = T0.plus(STEP.multipliedBy(12));

        assertThat(loop.scoreDue("demo", horizonEnd.minusSeconds(1))).isZero();
        assertThat(loop.scoreDue("demo", horizonEnd)).isEqualTo(1);
        assertThat(loop.scoreDue("demo", horizonEnd.plusSeconds(3600))).isZero();

        ForecastJournal.Score s = journal.scores("demo", SERIES, 10).get(0);
        assertThat(s.actuals()).isEqualTo(11); // one of the 12 actuals is missing
        assertThat(s.mase()).isCloseTo(2.0 / 4.0, within(1e-12)); // |50 - 48| / scale 4
        assertThat(s.coverageInner()).isZero(); // 48 ± 1 misses 50
        assertThat(s.coverageOuter()).isEqualTo(1.0); // 48 ± 3 covers it
        assertThat(s.backtestMase()).isEqualTo(0.8);
        assertThat(s.model()).isEqualTo("ets");
    }

    @Test
    void levelsOfARecordedForecastSurviveTheJournalAndItsScoreIsAgainstThem() {
        IntervalLevels levels = new IntervalLevels(0.5, 0.9);
        Forecast made = new Forecast(SERIES, T0, STEP, new double[] {48, 49}, new double[] {47, 48},
                new double[] {49, 51}, new double[] {44, 45}, new double[] {52, 53}, levels, "ets", "test", 0.8);
        journal.record("demo", T0, List.of(new ForecastJournal.Entry(made, 4.0)));

        ForecastJournal.Pending due = journal.dueForScoring("demo", T0.plus(STEP.multipliedBy(2))).get(0);
        Forecast read = due.entry().forecast();
        assertThat(read.levels()).isEqualTo(levels);
        assertThat(read.lowerInner()).containsExactly(47, 48);
        assertThat(read.upperInner()).containsExactly(49, 51);
        assertThat(read.lowerOuter()).containsExactly(44, 45);
        assertThat(read.upperOuter()).containsExactly(52, 53);

        loop.scoreDue("demo", T0.plus(STEP.multipliedBy(2)));
        ForecastJournal.Score s = journal.scores("demo", SERIES, 1).get(0);
        assertThat(s.levels()).isEqualTo(levels);
        assertThat(s.coverageInner()).as("50 misses the 50 % band 47–49, 50 lies in 48–51").isEqualTo(0.5);
        assertThat(s.coverageOuter()).isEqualTo(1.0);
    }

    @Test
    void forecastsAtTheDefaultLevelsReadBackAsDefault() {
        journal.record("demo", T0, List.of(new ForecastJournal.Entry(forecast(T0, 48, 1, 3, 0.8), 4.0)));
        loop.scoreDue("demo", T0.plus(STEP.multipliedBy(12)));
        assertThat(journal.scores("demo", SERIES, 1).get(0).levels()).isEqualTo(IntervalLevels.DEFAULT);
    }

    @Test
    void driftIsFlaggedWhenLiveErrorStaysWellAboveTheBacktestError() {
        for (int run = 0; run < 3; run++) {
            Instant start = T0.plus(STEP.multipliedBy(12L * run));
            // off by 8 with scale 4: live MASE 2.0 against a backtest MASE of 0.5
            journal.record("demo", start, List.of(new ForecastJournal.Entry(forecast(start, 42, 1, 3, 0.5), 4.0)));
        }
        loop.scoreDue("demo", T0.plus(STEP.multipliedBy(36)));
        FeedbackLoop.Drift drift = loop.drift("demo", SERIES).orElseThrow();
        assertThat(drift.scores()).isEqualTo(3);
        assertThat(drift.liveMase()).isCloseTo(2.0, within(1e-9));
        assertThat(drift.drifted()).isTrue();
    }

    @Test
    void fewScoresOrAccurateForecastsAreNoDrift() {
        journal.record("demo", T0, List.of(new ForecastJournal.Entry(forecast(T0, 50, 1, 3, 0.5), 4.0)));
        loop.scoreDue("demo", T0.plus(STEP.multipliedBy(12)));
        FeedbackLoop.Drift drift = loop.drift("demo", SERIES).orElseThrow();
        assertThat(drift.liveMase()).isZero();
        assertThat(drift.drifted()).isFalse();
        assertThat(loop.drift("demo", "other/cpu")).isEmpty();
    }

    @Test
    void forecastWithoutAnyActualIsScoredAsUnknownNotAsPerfect() {
        Instant later = T0.plus(Duration.ofDays(1));
        journal.record("demo", later, List.of(new ForecastJournal.Entry(forecast(later, 50, 1, 3, 0.5), 4.0)));
        loop.scoreDue("demo", later.plus(Duration.ofDays(1)));
        ForecastJournal.Score s = journal.scores("demo", SERIES, 1).get(0);
        assertThat(s.actuals()).isZero();
        assertThat(s.mase()).isNaN();
        assertThat(s.coverageOuter()).isNaN();
    }
}
