package dev.headroom.engine;

import dev.headroom.approval.ApprovalService;
import dev.headroom.audit.AuditService;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.EventService;
import dev.headroom.fleet.FleetService;
import dev.headroom.forecast.FeedbackLoop;
import dev.headroom.forecast.ForecastJournal;
import dev.headroom.forecast.ForecastService;
import dev.headroom.forecast.Forecasters;
import dev.headroom.fleet.FleetStore;
import dev.headroom.graph.GraphService;
import dev.headroom.persistence.SqliteForecastJournal;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.PlanningService;
import dev.headroom.persistence.SqliteApprovalRepository;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteGraphRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.providers.sandbox.SandboxRolloutProvider;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.SavedScenario;
import dev.headroom.rollout.PredictedLoad;
import dev.headroom.rollout.RolloutOutcome;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.RolloutTuning;
import dev.headroom.rollout.Waiter;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.credentials.SecretStore;
import dev.headroom.credentials.SecretStores;
import dev.headroom.providers.prometheus.PrometheusProvider;
import dev.headroom.providers.kubernetes.KubernetesProvider;
import dev.headroom.providers.sandbox.SandboxConfig;
import dev.headroom.providers.sandbox.SandboxFleetGenerator;
import dev.headroom.providers.sandbox.SandboxFutures;

import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine as the console and the CLI see it: one store, the providers, and the services built
 * on them. Built once per process; everything is passed in, nothing is global.
 */
public final class Engine implements AutoCloseable {
    /** Name of the embedded sandbox account created on first start. */
    public static final String SANDBOX = "sandbox";

    private final Path dataDir;
    private final SqliteStore store;
    private final Clock clock;
    private final ProviderRegistry providers;
    private final FleetService fleet;
    private final ScenarioService scenarios;
    private final ForecastService forecasts;
    private final ForecastJournal journal;
    private final FeedbackLoop feedback;
    private final EventService events;
    private final String operator;
    /**
     * The sandbox's generated futures, one per account, kept by this engine for every rollout
     * service it hands out: generating one takes seconds and it is tens of MB.
     */
    private final SandboxFutures sandboxFutures = new SandboxFutures(SandboxFutures::generate, 2);
    private final Supplier<SecretStore> secretStores;
    private SecretStore secrets;

    public Engine(Path dataDir, SqliteStore store, Clock clock) {
        this(dataDir, store, clock, () -> {
            throw new HeadroomException("This build of Headroom has no secret store yet, so an account secret cannot be "
                    + "kept; add the account without one.");
        });
    }

    /** @param secretStores opens the secret store on first use */
    public Engine(Path dataDir, SqliteStore store, Clock clock, Supplier<SecretStore> secretStores) {
        this.secretStores = secretStores;
        this.dataDir = dataDir;
        this.store = store;
        this.clock = clock;
        SecretStore lazySecrets = new LazySecretStore(this::secrets);
        this.providers = new ProviderRegistry(store, Optional.of(a -> new SandboxRolloutProvider(
                new SqliteSandboxLedger(store, clock), sandboxFutures)), Map.of(
                AccountKind.PROMETHEUS, a -> PrometheusProvider.open(a, lazySecrets),
                AccountKind.KUBERNETES, a -> KubernetesProvider.open(a, lazySecrets)));
        this.fleet = new FleetService(store, providers);
        this.scenarios = new ScenarioService(store, clock);
        this.journal = new SqliteForecastJournal(store);
        this.forecasts = new ForecastService(store, providers, Forecasters.standard(), journal,
                Runtime.getRuntime().availableProcessors());
        this.feedback = forecasts.feedback();
        this.events = new EventService(store);
        this.operator = currentUser();
    }

    /**
     * Opens the database in {@code dataDir}, creating both when absent.
     *
     * @throws HeadroomException when the database is locked, damaged, unwritable or newer than this version
     */
    public static Engine open(Path dataDir) {
        return new Engine(dataDir, SqliteStore.open(DataDirectory.databaseFile(dataDir)), Clock.systemUTC(),
                () -> SecretStores.forDataDirectory(dataDir));
    }

    /**
     * On first start (no account stored yet) generates the sandbox's demo fleet and stores it.
     * Takes a few seconds; progress goes to {@code listener}.
     *
     * @return true when the sandbox was created now
     */
    public boolean ensureSandbox(ProgressListener listener) {
        if (!store.accounts().isEmpty()) {
            return false;
        }
        // the history ends at the last full hour so that the demo looks current on the day it is made
        createSandbox(SandboxConfig.defaults(clock.instant().truncatedTo(ChronoUnit.HOURS)), listener);
        return true;
    }

    /** Generates a sandbox fleet from {@code config} and stores it as account {@value #SANDBOX}. */
    public void createSandbox(SandboxConfig config, ProgressListener listener) {
        var snapshot = SandboxFleetGenerator.generate(config, SANDBOX, clock.instant(),
                (f, m) -> listener.progress(f < 0 ? f : 0.9 * f, m));
        listener.progress(0.9, "Storing the sandbox fleet…");
        store.replace(snapshot);
        listener.progress(1.0, "Sandbox ready");
    }

    /** The account shown when none is chosen: the sandbox when present, else the first by name. */
    public String defaultAccount() {
        List<Account> accounts = store.accounts();
        return accounts.stream().filter(a -> a.kind() == AccountKind.SANDBOX).map(Account::name).findFirst()
                .orElseGet(() -> accounts.isEmpty() ? SANDBOX : accounts.get(0).name());
    }

    public Path dataDir() {
        return dataDir;
    }

    public FleetStore store() {
        return store;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    /**
     * Connected accounts: add, test, sync, remove. Secrets go to {@link #secrets()}, opened only
     * when an account has one to store or forget.
     */
    public AccountService accounts() {
        return new AccountService(store, providers, this::secrets, clock);
    }

    /** Where account secrets live; opened on first use (it may ask for the passphrase). */
    public synchronized SecretStore secrets() {
        if (secrets == null) {
            secrets = secretStores.get();
        }
        return secrets;
    }

    public FleetService fleet() {
        return fleet;
    }

    public ScenarioService scenarios() {
        return scenarios;
    }

    public ForecastService forecasts() {
        return forecasts;
    }

    public ForecastJournal journal() {
        return journal;
    }

    public FeedbackLoop feedback() {
        return feedback;
    }

    public EventService events() {
        return events;
    }

    /** The planner over this engine's fleet and forecaster; holds no state of its own. */
    public PlanningService planning() {
        return new PlanningService(store, providers, forecasts.forecaster()).withFeedback(feedback);
    }

    /** The account's what-if scenarios (named policies with their plans); changes are audited as {@link #operator}. */
    public PlanScenarios planScenarios() {
        return new PlanScenarios(new SqliteScenarioRepository(store), planning(), clock, audit().trail(operator));
    }

    /** Approval of scenarios' plans, the gate before any launch. */
    public ApprovalService approvals() {
        return new ApprovalService(new SqliteScenarioRepository(store), new SqliteApprovalRepository(store), clock);
    }

    /**
     * Rollouts of approved plans on the sandbox or a connected account that executes (Kubernetes),
     * timed by {@code rolloutClock} (waits are waited on
     * it with {@code waiter}), launched at {@code speed} when no speed is given, monitored against
     * the forecast of their scenario's planning problem.
     */
    public RolloutService rollouts(Clock rolloutClock, Waiter waiter, double speed) {
        return new RolloutService(store, new SqliteScenarioRepository(store), approvals(),
                new SqliteRolloutJournal(store, Optional.of(rolloutOutcome(rolloutClock))),
                new AccountRolloutProvider(new SandboxRolloutProvider(new SqliteSandboxLedger(store, rolloutClock),
                        sandboxFutures), providers, store),
                rolloutClock, waiter, rolloutForecasts(), RolloutTuning.defaults(), speed);
    }

    /**
     * What a rollout's end writes back: batch scores to this engine's forecast feedback store and
     * the updates that ran to the account's update history, with the durations their hosts reported.
     */
    public RolloutOutcome rolloutOutcome(Clock rolloutClock) {
        return new RolloutOutcome(store, store, new SqliteScenarioRepository(store), journal);
    }

    /** As {@link #rollouts(Clock, Waiter, double)} at speed 1. */
    public RolloutService rollouts(Clock rolloutClock, Waiter waiter) {
        return rollouts(rolloutClock, waiter, 1);
    }

    /**
     * Rollouts timed by this engine's clock in real time. {@code speed} is the plan-time speed of
     * rollouts launched through it (stored with each rollout: 3600 makes an hour of plan time, and
     * a 15-minute stabilisation, pass in a second); rollouts launched earlier keep their own.
     */
    public RolloutService rollouts(double speed) {
        return rollouts(clock, Waiter.polling(1), speed);
    }

    /**
     * The forecast a sandbox rollout is monitored against: the planning problem of its scenario's
     * policy on the account as it stands (median and the policy's forecast quantile per service
     * per planning step). Other accounts have none yet: their rollouts record what they observe
     * without judging it.
     */
    public PredictedLoad.Source rolloutForecasts() {
        return (account, scenario) -> {
            AccountKind kind = store.account(account).map(Account::kind).orElse(AccountKind.FILES);
            if (kind != AccountKind.SANDBOX) {
                return PredictedLoad.NONE;
            }
            SavedScenario saved = new SqliteScenarioRepository(store).find(account, scenario).orElseThrow(() ->
                    new HeadroomException("scenario " + scenario + " is no longer stored, so there is no forecast"));
            PlanningService planning = planning();
            PlanningProblem problem = planning.problem(planning.account(account), Optional.of(saved.policy()),
                    ProgressListener.NONE);
            return PredictedLoad.of(problem);
        };
    }

    /** The sandbox's record of the provider actions it applied, for checks and the status view. */
    public SqliteSandboxLedger sandboxLedger() {
        return new SqliteSandboxLedger(store, clock);
    }

    /** The hash-chained audit log: record, verify, list, export. */
    public AuditService audit() {
        return new AuditService(new SqliteAuditLog(store), clock);
    }

    /**
     * Who this process acts for in the audit log: {@code $USER}, else the JVM's {@code user.name},
     * else {@code operator}.
     */
    public String operator() {
        return operator;
    }

    private static String currentUser() {
        String user = System.getenv("USER");
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name");
        }
        return user == null || user.isBlank() ? "operator" : user.strip();
    }

    public Clock clock() {
        return clock;
    }

    /** The dependency graph; holds no state of its own, so each call may make a new one. */
    public GraphService graph() {
        return new GraphService(store, new SqliteGraphRepository(store), clock, audit().trail(operator));
    }

    /** Load and criticality scores for a window, with criticality propagated through the dependency graph. */
    public ScoreService scores() {
        return new ScoreService(graph());
    }

    @Override
    public void close() {
        store.close();
    }
}
