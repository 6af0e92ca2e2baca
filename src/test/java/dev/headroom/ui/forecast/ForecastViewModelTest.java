package dev.headroom.ui.forecast;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Window;
import dev.headroom.domain.ProgressListener;
import dev.headroom.forecast.InMemoryForecastJournal;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.forecast.ForecastService;
import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.IntervalCalibrator;
import dev.headroom.forecast.SeasonalNaive;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.providers.sandbox.AcceleratedClock;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.QueuedRunner;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastViewModelTest {
    static final String ACCOUNT = "sandbox";
    static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    static final Duration FIVE = Duration.ofMinutes(5);
    /** Three days before the clock and two hours after it, which the clock has not reached yet. */
    static final Instant FIRST = NOW.minus(Duration.ofDays(3));
    static final int SAMPLES = 3 * 288 + 24;

    private final InMemoryFleetStore store = new InMemoryFleetStore(snapshot(NOW, Optional.empty()));
    private final AtomicInteger forecastCalls = new AtomicInteger();
    private volatile Map<String, Double> graphCriticality = Map.of();
    private final AtomicInteger aggregateForecasts = new AtomicInteger();
    private final ForecastQueries queries = counting(ForecastQueries.of(
            new ForecastService(store, new ProviderRegistry(store), new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()), new InMemoryForecastJournal(), 2), store));
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final ForecastViewModel viewModel = new ForecastViewModel(queries, new SameThreadRunner(), problems, activity);

    private static Host host(String id, String service, double cores, Criticality criticality) {
        return new Host(id, List.of(service), "eu-west-1", "eu-west-1a", "m6.large", new Capacity(cores, 16, 10, 500),
                0.1, "1.0", criticality, "app");
    }

    /** Daily wave around {@code level}. */
    private static double load(double level, int i) {
        return level + 15 * Math.sin(2 * Math.PI * i / 288);
    }

    private static MetricSeries wave(String host, double level) {
        double[] y = new double[SAMPLES];
        for (int i = 0; i < y.length; i++) {
            y[i] = load(level, i);
        }
        return new MetricSeries(new SeriesId(host, Metric.CPU), FIRST, FIVE, y);
    }

    /**
     * Five hosts: web-1 (8 cores) and web-2 (2 cores) of service web, db-1 of db, busy; sparse-1
     * with five samples, too few to forecast; new-1 with no history at all.
     */
    static AccountSnapshot snapshot(Instant clock, Optional<Policy> policy) {
        Account account = new Account(ACCOUNT, AccountKind.SANDBOX, NOW.minus(Duration.ofDays(30)),
                Map.of(AcceleratedClock.CLOCK_NOW, clock.toString()));
        List<Host> hosts = List.of(host("web-1", "web", 8, Criticality.HIGH), host("web-2", "web", 2, Criticality.HIGH),
                host("db-1", "db", 4, Criticality.CRITICAL), host("sparse-1", "db", 4, Criticality.LOW),
                host("new-1", "web", 4, Criticality.LOW));
        List<Service> services = List.of(new Service("web", Criticality.HIGH, null),
                new Service("db", Criticality.CRITICAL, null));
        List<MetricSeries> metrics = new ArrayList<>(List.of(wave("web-1", 50), wave("web-2", 30), wave("db-1", 75)));
        double[] sparse = new double[SAMPLES];
        Arrays.fill(sparse, Double.NaN);
        for (int i = 0; i < 5; i++) {
            sparse[3 * 288 - 1 - 40 * i] = 20;
        }
        metrics.add(new MetricSeries(new SeriesId("sparse-1", Metric.CPU), FIRST, FIVE, sparse));
        return new AccountSnapshot(account, List.of(), hosts, services, List.of(), metrics, List.of(), List.of(),
                List.of(), policy);
    }

    private ForecastQueries counting(ForecastQueries real) {
        return new ForecastQueries() {
            @Override
            public FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon, IntervalLevels levels,
                                          ProgressListener progress) {
                forecastCalls.incrementAndGet();
                return real.forecast(account, metrics, horizon, levels, progress);
            }

            @Override
            public AccountSnapshot snapshot(String account) {
                return real.snapshot(account);
            }

            @Override
            public Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to) {
                return real.series(account, id, from, to);
            }

            @Override
            public Instant clock(String account) {
                return real.clock(account);
            }

            @Override
            public Map<String, Double> serviceCriticality(String account) {
                return graphCriticality;
            }

            @Override
            public Forecaster forecaster() {
                return new Forecaster() {
                    @Override
                    public String name() {
                        return real.forecaster().name();
                    }

                    @Override
                    public Forecast forecast(History history, int horizon, IntervalLevels levels) {
                        aggregateForecasts.incrementAndGet();
                        return real.forecaster().forecast(history, horizon, levels);
                    }
                };
            }
        };
    }

    private ChartData chart() {
        return viewModel.chartProperty().get();
    }

    private List<String> scoredHosts() {
        return viewModel.scoreRows().stream().map(ScoreRow::hostId).toList();
    }

    @Test
    void choosingTheAccountForecastsTheFleetAndChartsTheFirstHost() {
        viewModel.accountProperty().set(ACCOUNT);

        assertThat(viewModel.loadedProperty().get()).isTrue();
        assertThat(viewModel.subjects()).containsExactly("db-1", "new-1", "sparse-1", "web-1", "web-2");
        assertThat(viewModel.subjectProperty().get()).isEqualTo("db-1");
        ChartData chart = chart();
        assertThat(chart.title()).isEqualTo("db-1 · cpu");
        assertThat(chart.forecastStart()).isEqualTo(NOW);
        assertThat(chart.now()).isEqualTo(NOW);
        assertThat(chart.history().size()).as("three days before the forecast").isEqualTo(3 * 288);
        assertThat(chart.actual().size()).as("the clock has not moved past the forecast start").isZero();
        assertThat(chart.forecast().size()).as("24 h of five-minute steps").isEqualTo(288);
        assertThat(chart.forecast().x()[0]).isEqualTo(NOW.toEpochMilli());
        assertThat(viewModel.modelTextProperty().get())
                .isEqualTo("model snaive · backtest MASE not measured · fixed model snaive");
        assertThat(viewModel.reasonTextProperty().get()).isEmpty();
        assertThat(viewModel.forecastTextProperty().get())
                .isEqualTo("Forecast from 2026-11-22 18:00 UTC for 24 h · 3 series · 1 without forecast");
        assertThat(activity.busyProperty().get()).isFalse();
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void scoreRowsAreByLoadScoreHighestFirstWithUnknownLast() {
        viewModel.accountProperty().set(ACCOUNT);

        assertThat(scoredHosts()).containsExactly("db-1", "web-1", "web-2", "new-1", "sparse-1");
        ScoreRow db = viewModel.scoreRows().get(0);
        assertThat(db.loadScore()).isBetween(75.0, 100.0);
        assertThat(db.capacity()).isCloseTo(100 - db.loadScore(), within(1e-9));
        assertThat(db.criticalityScore()).isEqualTo(100);
        assertThat(db.peakMetric()).isEqualTo(Metric.CPU);
        assertThat(db.peakAt()).isBetween(NOW, NOW.plus(Duration.ofHours(6)));
        assertThat(viewModel.scoreRows().get(4).loadScore()).isNaN();
    }

    @Test
    void criticalityScoresFollowTheDependencyGraphWhereThereIsOne() {
        graphCriticality = Map.of("web", 1.0, "db", 1.0);
        viewModel.accountProperty().set(ACCOUNT);

        ScoreRow web1 = viewModel.scoreRows().stream().filter(r -> r.hostId().equals("web-1")).findFirst().orElseThrow();
        // web is only high (75) on its own; what depends on it makes it critical
        assertThat(web1.criticalityScore()).isEqualTo(100);
    }

    @Test
    void selectingAScoreRowChartsThatHost() {
        viewModel.accountProperty().set(ACCOUNT);
        viewModel.subjectKindProperty().set(SubjectKind.FLEET);
        ScoreRow web2 = viewModel.scoreRows().stream().filter(r -> r.hostId().equals("web-2")).findFirst().orElseThrow();

        viewModel.select(web2);

        assertThat(viewModel.subjectKindProperty().get()).isEqualTo(SubjectKind.HOST);
        assertThat(viewModel.subjects()).contains("web-2");
        assertThat(viewModel.subjectProperty().get()).isEqualTo("web-2");
        assertThat(chart().title()).isEqualTo("web-2 · cpu");
        assertThat(chart().history().y()[0]).isCloseTo(load(30, 0), within(1e-9));
    }

    @Test
    void aSkippedSeriesShowsItsReasonAndItsHistoryWithoutAForecast() {
        viewModel.accountProperty().set(ACCOUNT);

        viewModel.subjectProperty().set("sparse-1");

        assertThat(chart().forecast()).isNull();
        assertThat(chart().drawable()).isTrue();
        assertThat(viewModel.modelTextProperty().get()).isEmpty();
        assertThat(viewModel.reasonTextProperty().get())
                .isEqualTo("No forecast for sparse-1 · cpu: only 5 samples in the last 21 days; at least 12 are needed.");
    }

    @Test
    void aHostWithoutHistorySaysThereIsNothingToForecast() {
        viewModel.accountProperty().set(ACCOUNT);

        viewModel.subjectProperty().set("new-1");

        assertThat(chart().drawable()).isFalse();
        assertThat(viewModel.reasonTextProperty().get())
                .isEqualTo("No cpu history is stored for host new-1, so there is nothing to forecast.");
    }

    @Test
    void changingTheHorizonRecomputesOnceAndRefreshRecomputesAgain() {
        viewModel.accountProperty().set(ACCOUNT);
        assertThat(forecastCalls).hasValue(1);

        viewModel.horizonProperty().set(Horizon.H6);
        assertThat(forecastCalls).hasValue(2);
        assertThat(chart().forecast().size()).isEqualTo(72);
        assertThat(viewModel.forecastTextProperty().get()).contains("for 6 h");

        viewModel.horizonProperty().set(Horizon.H24);
        assertThat(forecastCalls).as("the 24 h forecast is kept").hasValue(2);
        assertThat(chart().forecast().size()).isEqualTo(288);

        viewModel.refresh();
        assertThat(forecastCalls).hasValue(3);
    }

    @Test
    void choosingOtherLevelsForecastsAgainWithThemAndKeepsEachForecast() {
        viewModel.accountProperty().set(ACCOUNT);
        assertThat(chart().forecast().levels()).isEqualTo(IntervalLevels.DEFAULT);
        ChartData.Band standard = chart().forecast();
        assertThat(ForecastViewModel.LEVEL_CHOICES).contains(IntervalLevels.DEFAULT, new IntervalLevels(0.5, 0.9),
                new IntervalLevels(0.9, 0.99));

        IntervalLevels narrow = new IntervalLevels(0.5, 0.9);
        viewModel.levelsProperty().set(narrow);
        assertThat(forecastCalls).hasValue(2);
        ChartData.Band band = chart().forecast();
        assertThat(band.levels()).isEqualTo(narrow);
        int k = 12;
        assertThat(band.mean()[k]).isEqualTo(standard.mean()[k]);
        assertThat(band.upperInner()[k] - band.mean()[k]).isLessThan(standard.upperInner()[k] - standard.mean()[k]);

        viewModel.subjectKindProperty().set(SubjectKind.FLEET);
        assertThat(chart().forecast().levels()).as("the fleet's aggregate is forecast at the same levels")
                .isEqualTo(narrow);

        viewModel.levelsProperty().set(IntervalLevels.DEFAULT);
        assertThat(forecastCalls).as("the 80 %/95 % forecast is kept").hasValue(2);
        assertThat(chart().forecast().levels()).isEqualTo(IntervalLevels.DEFAULT);
        viewModel.levelsProperty().set(null);
        assertThat(viewModel.levelsProperty().get()).isEqualTo(IntervalLevels.DEFAULT);
    }

    @Test
    void aServiceIsChartedAsTheCapacityWeightedMeanOfItsHostsAndForecastFromIt() {
        viewModel.accountProperty().set(ACCOUNT);

        viewModel.subjectKindProperty().set(SubjectKind.SERVICE);

        assertThat(viewModel.subjects()).containsExactly("db", "web");
        viewModel.subjectProperty().set("web");
        assertThat(chart().title()).isEqualTo("service web · cpu");
        // web-1 has 8 cores at 50 ± 15, web-2 2 cores at 30 ± 15; new-1 has no samples
        assertThat(chart().history().y()[0]).isCloseTo((8 * load(50, 0) + 2 * load(30, 0)) / 10, within(1e-9));
        assertThat(chart().forecast().size()).isEqualTo(288);
        assertThat(viewModel.modelTextProperty().get()).startsWith("model snaive")
                .endsWith("capacity-weighted mean of 2 hosts");
    }

    @Test
    void theFleetHasOneSubjectAndGoingBackToHostsReturnsToTheLastHost() {
        viewModel.accountProperty().set(ACCOUNT);
        viewModel.subjectProperty().set("web-1");

        viewModel.subjectKindProperty().set(SubjectKind.FLEET);
        assertThat(viewModel.subjects()).containsExactly(ForecastViewModel.ALL_HOSTS);
        assertThat(chart().title()).isEqualTo("fleet · cpu");
        assertThat(chart().forecast()).isNotNull();

        viewModel.subjectKindProperty().set(SubjectKind.HOST);
        assertThat(viewModel.subjectProperty().get()).isEqualTo("web-1");
        assertThat(chart().title()).isEqualTo("web-1 · cpu");
    }

    @Test
    void samplesAfterTheForecastStartAppearAsActualsOnceTheClockHasPassedThem() {
        viewModel.accountProperty().set(ACCOUNT);
        viewModel.subjectProperty().set("web-1");
        assertThat(chart().actual().size()).isZero();

        store.replace(snapshot(NOW.plus(Duration.ofHours(2)), Optional.empty()));
        viewModel.metricProperty().set(Metric.MEMORY);
        viewModel.metricProperty().set(Metric.CPU);

        ChartData chart = chart();
        assertThat(chart.forecastStart()).as("the forecast is still the one made at 18:00").isEqualTo(NOW);
        assertThat(chart.now()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(chart.actual().size()).as("18:00 to 19:55: the sample at 20:00 has not happened yet").isEqualTo(24);
        assertThat(chart.actual().x()[0]).isEqualTo(NOW.toEpochMilli());
        assertThat(chart.history().size()).isEqualTo(3 * 288);
    }

    @Test
    void updatingActualsRereadsTheChartQuietlyWithoutForecastingAgain() {
        viewModel.accountProperty().set(ACCOUNT);
        viewModel.subjectKindProperty().set(SubjectKind.FLEET);
        assertThat(aggregateForecasts).hasValue(1);
        List<String> messages = new ArrayList<>();
        activity.messageProperty().addListener((obs, old, now) -> messages.add(now));

        store.replace(snapshot(NOW.plus(Duration.ofHours(1)), Optional.empty()));
        viewModel.updateActuals();

        assertThat(chart().actual().size()).isEqualTo(12);
        assertThat(chart().now()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(aggregateForecasts).as("the fleet's forecast is kept").hasValue(1);
        assertThat(forecastCalls).hasValue(1);
        assertThat(messages).as("nothing in the status bar").isEmpty();
    }

    @Test
    void scoresAreForTheNextSixHoursUnlessThePolicyHasAWindow() {
        viewModel.accountProperty().set(ACCOUNT);
        assertThat(viewModel.windowProperty().get().label()).isEqualTo("Next 6 h");
        assertThat(viewModel.windowProperty().get().window()).isEqualTo(new Window(NOW, NOW.plus(Duration.ofHours(6))));
        assertThat(viewModel.windowTextProperty().get()).isEqualTo(
                "Load scores for 2026-11-22 18:00 UTC – 2026-11-23 00:00 UTC at the 0.95 quantile of the forecast");

        Window night = new Window(Instant.parse("2026-11-23T01:00:00Z"), Instant.parse("2026-11-23T05:00:00Z"));
        store.replace(snapshot(NOW, Optional.of(new Policy(Optional.of(night), 0.2, 0.6, 0.4, 0.25, 1, 0.5, 0.1, 15,
                true, Optional.empty(), 0.9))));
        viewModel.refresh();

        assertThat(viewModel.windowProperty().get().label()).isEqualTo(ForecastViewModel.POLICY_WINDOW);
        assertThat(viewModel.windowTextProperty().get()).contains("2026-11-23 01:00 UTC").contains("0.9 quantile");
    }

    @Test
    void aWindowBeyondTheHorizonSaysWhereTheScoresStop() {
        viewModel.accountProperty().set(ACCOUNT);
        double sixHourScore = viewModel.scoreRows().get(0).loadScore();

        viewModel.windowProperty().set(viewModel.windows().stream().filter(w -> w.label().equals("Next 48 h"))
                .findFirst().orElseThrow());

        assertThat(viewModel.windowTextProperty().get()).endsWith(
                "The forecast ends at 2026-11-23 18:00 UTC; choose a longer horizon to score the whole window.");
        assertThat(viewModel.scoreRows().get(0).loadScore()).isGreaterThanOrEqualTo(sixHourScore);
    }

    @Test
    void theFilterNarrowsTheScoreRows() {
        viewModel.accountProperty().set(ACCOUNT);

        viewModel.filterTextProperty().set("web");

        assertThat(scoredHosts()).containsExactly("web-1", "web-2", "new-1");
    }

    @Test
    void aFailedForecastIsReportedWithRetry() {
        store.failWith(new HeadroomException("The Headroom database could not be read. Restart Headroom."));
        viewModel.accountProperty().set(ACCOUNT);

        assertThat(problems.messageProperty().get()).isEqualTo("The Headroom database could not be read. Restart Headroom.");
        assertThat(viewModel.loadedProperty().get()).isFalse();
        assertThat(activity.busyProperty().get()).isFalse();

        store.failWith(null);
        problems.retry();
        assertThat(viewModel.loadedProperty().get()).isTrue();
        assertThat(chart()).isNotNull();
    }

    @Test
    void anOlderForecastFinishingLastDoesNotReplaceTheNewerOne() {
        QueuedRunner runner = new QueuedRunner();
        ForecastViewModel queued = new ForecastViewModel(queries, runner, problems, activity);
        queued.accountProperty().set(ACCOUNT);
        queued.horizonProperty().set(Horizon.H6);

        runner.finishNewest();
        runner.finishNewest();
        runner.finishOldest();

        assertThat(queued.forecastTextProperty().get()).contains("for 6 h");
        assertThat(queued.chartProperty().get().forecast().size()).isEqualTo(72);
        assertThat(activity.busyProperty().get()).isFalse();
    }
}
