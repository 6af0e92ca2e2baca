package dev.headroom.forecast;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.domain.ProgressListener;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Forecasting a stored account: every host series, from the account's clock, in parallel. */
class ForecastServiceTest {
    static final Instant END = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    static Path dir;
    static Engine engine;

    @BeforeAll
    static void sandbox() {
        engine = new Engine(dir, SqliteStore.open(DataDirectory.databaseFile(dir)), Clock.fixed(END, ZoneOffset.UTC));
        engine.createSandbox(new SandboxConfig(3, 30, 4, Duration.ofMinutes(5), END), ProgressListener.NONE);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void forecastsEveryCpuSeriesFromTheAccountClock() {
        ForecastService service = new ForecastService(engine.store(), engine.providers(),
                new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()), engine.journal(), 2);
        List<Double> progress = new ArrayList<>();
        FleetForecast ff = service.forecast(Engine.SANDBOX, Set.of(Metric.CPU), Duration.ofHours(6),
                (f, m) -> progress.add(f));

        assertThat(ff.at()).isEqualTo(END);
        assertThat(ff.forecasts().size() + ff.skipped().size()).isEqualTo(30);
        assertThat(ff.forecasts()).hasSizeGreaterThanOrEqualTo(28);
        Forecast f = ff.forecasts().values().iterator().next();
        assertThat(f.start()).isEqualTo(END);
        assertThat(f.horizon()).isEqualTo(72);
        assertThat(ff.forecasts().keySet()).allMatch(id -> id.metric() == Metric.CPU);
        assertThat(progress).last().isEqualTo(1.0);
        // every forecast made is in the journal, waiting for its actuals
        assertThat(engine.journal().dueForScoring(Engine.SANDBOX, END.plus(Duration.ofDays(1))))
                .hasSizeGreaterThanOrEqualTo(ff.forecasts().size());
    }

    @Test
    void seriesWhoseRecentForecastsMissedBadlyIsFlaggedAsDrifted() {
        FleetForecast first = engine.forecasts().forecast(Engine.SANDBOX, Set.of(Metric.MEMORY), Duration.ofHours(1),
                ProgressListener.NONE);
        String series = first.forecasts().keySet().iterator().next().toString();
        // three earlier forecasts that promised a backtest MASE of 0.5 and forecast 0 % load
        for (int run = 3; run >= 1; run--) {
            Instant start = END.minus(Duration.ofHours(run));
            double[] zero = new double[12];
            engine.journal().record(Engine.SANDBOX, start.minusSeconds(60), List.of(new ForecastJournal.Entry(
                    new Forecast(series, start, Duration.ofMinutes(5), zero, zero, zero, zero, zero,
                            IntervalLevels.DEFAULT, "ets", "test", 0.5), 1.0)));
        }

        FleetForecast again = engine.forecasts().forecast(Engine.SANDBOX, Set.of(Metric.MEMORY), Duration.ofHours(1),
                ProgressListener.NONE);

        Forecast drifted = again.forecasts().get(dev.headroom.domain.SeriesId.parse("series_id", series));
        assertThat(drifted.reason()).contains("drift: the last 3 forecasts erred");
        assertThat(again.forecasts().values()).filteredOn(f -> !f.seriesId().equals(series))
                .allSatisfy(f -> assertThat(f.reason()).doesNotContain("drift: the last"));
    }

    @Test
    void staleSeriesIsForecastAcrossTheGapFromNow() {
        double[] y = new double[600];
        for (int i = 0; i < y.length; i++) {
            y[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288);
        }
        History h = new History("h/cpu", END.minus(Duration.ofMinutes(5L * 600 + 60)), Duration.ofMinutes(5), y);
        Forecast f = ForecastService.forecastFrom(new CalibratedForecaster(SeasonalNaive.daily(),
                new IntervalCalibrator()), h, END, Duration.ofHours(1), IntervalLevels.DEFAULT);
        assertThat(f.start()).isEqualTo(END);
        assertThat(f.horizon()).isEqualTo(12);
        assertThat(f.reason()).contains("60 min older");
        // seasonal naive: the step at END is the sample one day before it
        int dayBefore = 600 + 12 - 288;
        assertThat(f.meanAt(0)).isEqualTo(y[dayBefore]);
    }

    @Test
    void unknownAccountIsAnOperatorError() {
        ForecastService service = new ForecastService(engine.store(), engine.providers(),
                new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()), engine.journal(), 1);
        assertThatThrownBy(() -> service.forecast("prod", Set.of(Metric.CPU), Duration.ofHours(1), ProgressListener.NONE))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("no account named \"prod\"");
    }
}
