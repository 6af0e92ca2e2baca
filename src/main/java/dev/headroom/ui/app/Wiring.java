package dev.headroom.ui.app;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.SeriesId;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.engine.ScoreService;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.ui.accounts.AccountsView;
import dev.headroom.ui.accounts.AccountsViewModel;
import dev.headroom.ui.audit.AuditView;
import dev.headroom.ui.audit.AuditViewModel;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SharedForecasts;
import dev.headroom.ui.common.Theme;
import dev.headroom.ui.dependencies.DependenciesView;
import dev.headroom.ui.dependencies.DependenciesViewModel;
import dev.headroom.ui.dependencies.LoadQueries;
import dev.headroom.ui.fleet.FleetQueries;
import dev.headroom.ui.fleet.FleetView;
import dev.headroom.ui.fleet.FleetViewModel;
import dev.headroom.ui.forecast.EventsViewModel;
import dev.headroom.ui.forecast.ForecastQueries;
import dev.headroom.ui.forecast.ForecastView;
import dev.headroom.ui.forecast.ForecastViewModel;
import dev.headroom.ui.plan.PlanQueries;
import dev.headroom.ui.plan.PlanView;
import dev.headroom.ui.plan.PlanViewModel;
import dev.headroom.ui.rollouts.RolloutsView;
import dev.headroom.ui.rollouts.RolloutsViewModel;
import dev.headroom.ui.shell.MainView;
import dev.headroom.ui.shell.MainViewModel;
import dev.headroom.ui.shell.PlaceholderView;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionView;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the console's view models and views once, in two steps: the main window at once, the
 * section views when the engine is open. Everything is passed through constructors.
 */
public final class Wiring implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Wiring.class.getName());

    private final ConsoleStartup startup;
    private final BackgroundRunner runner;
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final MainViewModel mainViewModel;
    private final MainView mainView;
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
    private ConsoleBackend backend;
    private DependenciesViewModel dependencies;
    private AuditViewModel audit;
    private RolloutsViewModel rollouts;
    private AccountsViewModel accounts;
    private boolean closed;

    public Wiring(ConsoleStartup startup, BackgroundRunner runner, Theme theme) {
        this.startup = startup;
        this.runner = runner;
        this.mainViewModel = new MainViewModel(theme, runner, problems, activity);
        this.mainView = new MainView(mainViewModel);
    }

    /** Starts opening the engine in the background; the window shows progress meanwhile. */
    public void open() {
        mainViewModel.open(startup::open, this::connect);
    }

    private void connect(ConsoleBackend opened) {
        synchronized (this) {
            if (closed) {
                // The window was closed while the engine was still opening.
                closeQuietly(opened);
                return;
            }
            backend = opened;
        }
        FleetQueries queries = FleetQueries.of(opened.fleet());
        FleetViewModel fleet = new FleetViewModel(queries, opened.defaultAccount(), runner, problems, activity);
        // pages showing an account read the list again when one is added, synced or removed
        AccountsViewModel accounts = new AccountsViewModel(opened.accounts(), runner, problems, activity, fleet::load);
        this.accounts = accounts;
        // one fleet forecast serves the Forecasts page and the Dependencies page's load colours
        SharedForecasts shared = new SharedForecasts(opened.forecasts()::forecast);
        ForecastQueries forecastQueries = sharing(ForecastQueries.of(opened.forecasts(), opened.store()), shared,
                new ScoreService(opened.graph()));
        ForecastViewModel forecast = new ForecastViewModel(forecastQueries, runner, problems, activity);
        EventsViewModel events = new EventsViewModel(opened.events(), forecastQueries, runner, problems, activity,
                forecast::refresh);
        // the fleet is forecast as soon as its account is known, so the Forecasts page is ready when opened
        forecast.accountProperty().bind(fleet.accountProperty());
        events.accountProperty().bind(fleet.accountProperty());
        DependenciesViewModel dependencies = new DependenciesViewModel(opened.graph(),
                LoadQueries.of(shared, opened.store()), runner, problems, activity);
        this.dependencies = dependencies;
        dependencies.accountProperty().bind(fleet.accountProperty());
        // planned as soon as the account is known, like the forecast, so the Plan page is ready when opened
        PlanViewModel plan = new PlanViewModel(PlanQueries.of(opened.planning(), opened.planScenarios()), runner,
                problems, activity);
        plan.accountProperty().bind(fleet.accountProperty());
        AuditViewModel audit = new AuditViewModel(opened.audit(), runner, problems, activity);
        this.audit = audit;
        // the log grows while the console runs (scenarios saved, graph edits): read it again when the page opens
        mainViewModel.sectionProperty().addListener((obs, was, now) -> {
            if (now == Section.AUDIT && !audit.loadingProperty().get()) {
                audit.load();
            }
        });
        RolloutsViewModel rollouts = new RolloutsViewModel(opened.rollouts(), runner, problems, activity);
        this.rollouts = rollouts;
        rollouts.accountProperty().bind(fleet.accountProperty());
        rollouts.shownProperty().bind(mainViewModel.sectionProperty().isEqualTo(Section.ROLLOUTS));
        mainViewModel.accountProperty().bind(fleet.accountProperty());
        mainViewModel.clockProperty().bind(fleet.clockProperty());
        ready.bind(fleet.loadedProperty().and(forecast.loadedProperty()).and(plan.loadedProperty())
                .and(activity.busyProperty().not()));

        Map<Section, SectionView> views = new EnumMap<>(Section.class);
        for (Section section : Section.values()) {
            views.put(section, new PlaceholderView(section));
        }
        views.put(Section.FLEET, new FleetView(fleet));
        views.put(Section.FORECASTS, new ForecastView(forecast, events));
        views.put(Section.DEPENDENCIES, new DependenciesView(dependencies));
        views.put(Section.PLAN, new PlanView(plan));
        views.put(Section.ACCOUNTS, new AccountsView(accounts));
        views.put(Section.AUDIT, new AuditView(audit));
        views.put(Section.ROLLOUTS, new RolloutsView(rollouts));
        mainView.install(views);
        fleet.load();
        accounts.load();
        audit.load();
        // no unfinished rollout is left without a driver: the console drives them from where the journal stands
        rollouts.resumeAfterStart();
    }

    /** The forecasts of {@code queries} made through {@code shared}, so that other pages can use them too. */
    private static ForecastQueries sharing(ForecastQueries queries, SharedForecasts shared, ScoreService scores) {
        return new ForecastQueries() {
            @Override
            public FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon, IntervalLevels levels,
                                          ProgressListener progress) {
                // other pages read loads at the default levels; forecasts at other levels stay this page's own
                return levels.equals(IntervalLevels.DEFAULT) ? shared.forecast(account, metrics, horizon, progress)
                        : queries.forecast(account, metrics, horizon, levels, progress);
            }

            @Override
            public AccountSnapshot snapshot(String account) {
                return queries.snapshot(account);
            }

            @Override
            public Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to) {
                return queries.series(account, id, from, to);
            }

            @Override
            public Instant clock(String account) {
                return queries.clock(account);
            }

            @Override
            public Forecaster forecaster() {
                return queries.forecaster();
            }

            @Override
            public Map<String, Double> serviceCriticality(String account) {
                return scores.serviceCriticality(account);
            }
        };
    }

    public MainView mainView() {
        return mainView;
    }

    /** The Dependencies page's view model once the engine is open, e.g. for screenshots of its colourings; else empty. */
    public Optional<DependenciesViewModel> dependencies() {
        return Optional.ofNullable(dependencies);
    }

    /** The Audit page's view model once the engine is open; else empty. */
    public Optional<AuditViewModel> audit() {
        return Optional.ofNullable(audit);
    }

    /** The Accounts page's view model once the engine is open, e.g. to test an account for a screenshot; else empty. */
    public Optional<AccountsViewModel> accounts() {
        return Optional.ofNullable(accounts);
    }

    /** The Rollouts page's view model once the engine is open; else empty. */
    public Optional<RolloutsViewModel> rollouts() {
        return Optional.ofNullable(rollouts);
    }

    public MainViewModel mainViewModel() {
        return mainViewModel;
    }

    /**
     * True once the engine is open, the fleet, its forecast and its plan are shown and no
     * background work is running.
     */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /**
     * Closes the engine if it was opened; call after background work stopped. May run on any
     * thread: the launcher closes after the window is gone.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (backend != null) {
            closeQuietly(backend);
            backend = null;
        }
    }

    private static void closeQuietly(ConsoleBackend opened) {
        try {
            opened.close();
        } catch (RuntimeException e) {
            // Nothing is left to show it to: the window is gone. The log keeps it.
            LOG.log(System.Logger.Level.WARNING, "Closing the engine failed", e);
        }
    }
}
