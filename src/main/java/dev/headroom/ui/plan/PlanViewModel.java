package dev.headroom.ui.plan;

import dev.headroom.domain.Check;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Slo;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanCheck;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanJson;
import dev.headroom.plan.Planner;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;
import dev.headroom.plan.PolicyChange;
import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioComparison;
import dev.headroom.plan.ServiceDemand;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.NaturalOrder;
import dev.headroom.ui.common.Problems;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * State of the Plan page: the policy controls, the plan they give, the selected batch, the
 * headroom of one service over the window, the explanations, and the account's stored scenarios
 * for comparison.
 *
 * <p>The planning problem (the services' forecasts over the window) is built once per account in
 * the background, which takes seconds. A change of a planner knob re-plans from it with the
 * instant heuristic; a change of the safety margin or min healthy recomputes the services' limits
 * first ({@link PolicyChange}), which is as cheap; only a new window or forecast quantile forecasts
 * again. One job runs at a time: controls that move while it runs only note the newest policy,
 * which is planned when the job is done, so a dragged slider costs one plan per finished plan, not
 * one per pixel, and the last position always wins. When the engine offers a slower solver, it
 * looks for a better plan once the controls rest, and its plan replaces the heuristic's if it is
 * better and the policy has not moved since.
 *
 * <p>Scenarios are stored per account through {@link dev.headroom.plan.PlanScenarios}, the store
 * the command line's {@code headroom scenarios} uses: the list here is a view of it, changed only
 * once the store has taken a change. When an account is shown its stored scenarios are read onto
 * its fleet and forecast, so that their figures are measured on today's forecast; one whose stored
 * plan no longer fits (hosts gone, a window in the past) shows the figures it was stored with and
 * says to plan it again.
 */
public final class PlanViewModel {
    private static final System.Logger LOG = System.getLogger(PlanViewModel.class.getName());
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** When no problem is built yet, the planning step the window check assumes. */
    private static final Duration DEFAULT_STEP = Duration.ofMinutes(5);

    private final PlanQueries queries;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;
    private final PolicyForm form = new PolicyForm();

    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ReadOnlyObjectWrapper<Plan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyObjectWrapper<PlanningProblem> problem = new ReadOnlyObjectWrapper<>(this, "problem");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper planning = new ReadOnlyBooleanWrapper(this, "planning");
    private final ReadOnlyBooleanWrapper improving = new ReadOnlyBooleanWrapper(this, "improving");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ObjectProperty<Integer> selectedBatch = new SimpleObjectProperty<>(this, "selectedBatch");
    private final ReadOnlyObjectWrapper<BatchDetails> batchDetails = new ReadOnlyObjectWrapper<>(this, "batchDetails");
    private final ObservableList<String> services = FXCollections.observableArrayList();
    private final ObjectProperty<String> service = new SimpleObjectProperty<>(this, "service");
    private final ReadOnlyObjectWrapper<HeadroomData> headroom = new ReadOnlyObjectWrapper<>(this, "headroom");
    private final ObservableList<ReasonRow> reasons = FXCollections.observableArrayList();
    private final ObservableList<ReasonRow> unplanned = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObservableList<Scenario> scenarios = FXCollections.observableArrayList();
    private final ObservableList<ComparisonRow> comparison = FXCollections.observableArrayList();
    private final StringProperty scenarioName = new SimpleStringProperty(this, "scenarioName", "");
    private final ReadOnlyStringWrapper scenarioError = new ReadOnlyStringWrapper(this, "scenarioError", "");
    /** Names (lower case) of scenarios being written to the store: taken until the write ends. */
    private final Set<String> writing = new HashSet<>();
    /** Bumped by each change this page makes to the stored scenarios: a read begun before it is read again. */
    private long scenarioEdits;
    /**
     * Problems of the account shown, forecast for scenarios stored for another window or quantile,
     * by window and quantile; a new map per load, filled by background work.
     */
    private Map<String, PlanningProblem> otherWindows = new ConcurrentHashMap<>();

    /** Bumped per account: work of an account no longer shown is dropped when it ends. */
    private long generation;
    /** Id of the newest policy the controls asked for, and of the newest one a job has finished. */
    private long requested;
    private long handled;
    private long improveRequest;
    private Policy latest;
    /** A build or plan job is running. */
    private boolean busy;
    private PlanningService.Source source;
    private Map<String, Slo> slos = Map.of();
    /** The problem as forecast, before the services' limits are set for a changed margin. */
    private PlanningProblem built;
    private String planStatus = "";

    public PlanViewModel(PlanQueries queries, BackgroundRunner runner, Problems problems, Activity activity) {
        this.queries = queries;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        form.onChange(this::policyChanged);
        account.addListener((obs, old, name) -> {
            if (name != null && !name.equals(old)) {
                scenarios.clear();
                load();
            }
        });
        selectedBatch.addListener((obs, old, now) -> showBatch());
        service.addListener((obs, old, now) -> showHeadroom());
        scenarios.addListener((javafx.collections.ListChangeListener<Scenario>) c -> compare());
        scenarioName.addListener((obs, old, now) -> scenarioError.set(now == null || now.isBlank() ? ""
                : nameProblem(now.strip())));
    }

    /**
     * Forecasts the account's services over its policy's window and plans, and reads its stored
     * scenarios; seconds, in the background.
     */
    public void load() {
        String name = account.get();
        if (name == null) {
            return;
        }
        long gen = ++generation;
        busy = true;
        planning.set(true);
        improveRequest++;
        improving.set(false);
        source = null;
        built = null;
        latest = null;
        otherWindows = new ConcurrentHashMap<>();
        status.set("Forecasting the services of " + name + " over the window…");
        Runnable done = activity.begin("Planning " + name + ": forecasting its services over the window…");
        runner.run(progress -> {
            PlanningService.Source s = queries.source(name);
            Planned planned = timed(queries.problem(s, s.policy(), progress), true);
            try {
                return new Loaded(s, planned, queries.scenarios().list(name), null);
            } catch (RuntimeException e) {
                // the plan is shown all the same; the banner says why the scenarios are not
                return new Loaded(s, planned, List.of(), e);
            }
        }, activity::progress, result -> {
            if (gen != generation) {
                done.run();
                return;
            }
            source = result.source();
            Map<String, Slo> bySlo = new HashMap<>();
            result.source().snapshot().services().forEach(s -> bySlo.put(s.name(), s.slo()));
            slos = bySlo;
            built = result.planned().problem();
            latest = built.policy();
            form.show(latest);
            handled = ++requested;
            busy = false;
            show(result.planned());
            loaded.set(true);
            if (result.scenarioFailure() != null) {
                problems.report(result.scenarioFailure(), this::reloadScenarios);
            } else if (result.stored().isEmpty()) {
                scenarios.clear();
            } else {
                restoreScenarios(gen, Optional.of(result.stored()));
            }
            // ended once the scenarios' work has begun, so that the console never looks idle in between
            done.run();
            next();
            settle(gen);
        }, failure -> {
            done.run();
            if (gen != generation) {
                return;
            }
            busy = false;
            planning.set(false);
            status.set("No plan: the account's fleet could not be forecast.");
            problems.report(failure, this::load);
        });
    }

    /** The controls changed: plan again under what they say, or mark the fields that stop it. */
    private void policyChanged() {
        if (source == null) {
            return;
        }
        Optional<Policy> next = form.policy(earliestStart());
        if (next.isEmpty()) {
            status.set("Fix the marked field to plan again; the plan shown is for the last valid policy.");
            return;
        }
        if (next.get().equals(latest)) {
            if (!busy) {
                status.set(planStatus);
            }
            return;
        }
        latest = next.get();
        requested++;
        next();
    }

    /** The window may start from the planning step the account's clock is in. */
    private Instant earliestStart() {
        long step = (built == null ? DEFAULT_STEP : built.step()).toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(source.at().getEpochSecond(), step) * step);
    }

    /** Starts a job for the newest policy unless one runs or it has been planned already. */
    private void next() {
        if (busy || latest == null || requested == handled) {
            return;
        }
        busy = true;
        planning.set(true);
        improveRequest++;
        improving.set(false);
        long gen = generation;
        long id = requested;
        Policy policy = latest;
        PlanningProblem base = built;
        PlanningService.Source from = source;
        Map<String, Slo> bySlo = slos;
        if (base != null && PolicyChange.reusable(base, policy)) {
            status.set("Planning…");
            runner.run(() -> timed(PolicyChange.apply(base, policy, bySlo), false),
                    result -> finish(gen, id, result), failure -> fail(gen, id, failure));
            return;
        }
        String what = base != null && base.policy().forecastQuantile() != policy.forecastQuantile()
                ? "the " + quantile(policy.forecastQuantile()) + " quantile" : "the new window";
        status.set("Forecasting the services for " + what + "…");
        Runnable done = activity.begin("Forecasting the services of " + from.name() + " for " + what + "…");
        runner.run(progress -> timed(queries.problem(from, policy, progress), true), activity::progress, result -> {
            done.run();
            finish(gen, id, result);
        }, failure -> {
            done.run();
            fail(gen, id, failure);
        });
    }

    private void finish(long gen, long id, Planned result) {
        if (gen != generation) {
            return;
        }
        busy = false;
        handled = id;
        if (result.rebuilt()) {
            built = result.problem();
        }
        show(result);
        next();
        settle(gen);
    }

    private void fail(long gen, long id, Throwable failure) {
        if (gen != generation) {
            return;
        }
        busy = false;
        handled = id;
        status.set("The last change could not be planned; the plan shown is for the policy before it.");
        problems.report(failure, () -> {
            if (gen == generation) {
                requested++;
                next();
            }
        });
        next();
        settle(gen);
    }

    /** Once no job is left: the controls rest, so the slower solver may look for a better plan. */
    private void settle(long gen) {
        if (busy || gen != generation) {
            return;
        }
        planning.set(false);
        Optional<Planner> solver = queries.improver();
        Plan shown = plan.get();
        PlanningProblem onScreen = problem.get();
        if (solver.isEmpty() || shown == null || onScreen == null || shown.batches().isEmpty()) {
            return;
        }
        long request = ++improveRequest;
        long id = handled;
        improving.set(true);
        status.set(planStatus + " · " + solver.get().name() + " is looking for a better plan…");
        runner.run(() -> solver.get().plan(onScreen), better -> {
            if (request != improveRequest) {
                return;
            }
            improving.set(false);
            if (gen != generation || id != handled || busy) {
                return;
            }
            if (better.summary().objective() < shown.summary().objective() - 1e-9) {
                show(new Planned(onScreen, better, -1, false));
            } else {
                status.set(planStatus + " · " + better.solver() + " found no better plan");
            }
        }, failure -> {
            if (request != improveRequest) {
                return;
            }
            improving.set(false);
            // the heuristic's plan stands; the operator loses nothing but the improvement
            LOG.log(System.Logger.Level.WARNING, "The background solver failed", failure);
            status.set(planStatus + " · the solver could not improve it (" + Problems.operatorMessage(failure) + ")");
        });
    }

    private Planned timed(PlanningProblem p, boolean rebuilt) {
        long t0 = System.nanoTime();
        Plan made = queries.plan(p);
        return new Planned(p, made, (System.nanoTime() - t0) / 1_000_000, rebuilt);
    }

    private void show(Planned result) {
        Plan p = result.plan();
        PlanningProblem prob = result.problem();
        problem.set(prob);
        plan.set(p);

        Map<String, PlanHost> hosts = new HashMap<>();
        prob.hosts().forEach(h -> hosts.put(h.id(), h));
        List<ReasonRow> left = new ArrayList<>();
        for (Plan.Unplanned u : p.unplanned()) {
            left.add(row(hosts.get(u.host()), u.host(), 0, u.reason()));
        }
        List<ReasonRow> rows = new ArrayList<>(left);
        for (Plan.Batch b : p.batches()) {
            for (String id : b.hosts()) {
                rows.add(row(hosts.get(id), id, b.index(), p.hostReasons().getOrDefault(id, b.binding())));
            }
        }
        reasons.setAll(rows);
        unplanned.setAll(left);
        notes.setAll(p.notes());

        List<String> names = new ArrayList<>(prob.demands().keySet());
        names.sort(NaturalOrder.INSTANCE);
        String keep = service.get();
        services.setAll(names);
        if (keep == null || !names.contains(keep)) {
            service.set(tightest(prob, p).orElse(names.isEmpty() ? null : names.get(0)));
        } else {
            showHeadroom();
        }
        Integer batch = selectedBatch.get();
        if (batch == null || batch > p.batches().size()) {
            selectedBatch.set(p.batches().isEmpty() ? null : 1);
        } else {
            showBatch();
        }
        planStatus = describe(p, prob, result.millis());
        status.set(planStatus);
        compare();
    }

    private static ReasonRow row(PlanHost h, String id, int batch, String reason) {
        return new ReasonRow(id, h == null ? Formats.UNKNOWN : h.service(), h == null ? Formats.UNKNOWN : h.region(),
                batch, reason);
    }

    /** "heuristic plan in 4 ms · 100 of 100 hosts in 15 batches". */
    private static String describe(Plan p, PlanningProblem prob, long millis) {
        int candidates = p.plannedHosts() + p.unplanned().size();
        StringBuilder s = new StringBuilder(p.solver()).append(" plan");
        if (millis >= 0) {
            s.append(" in ").append(millis).append(" ms");
        }
        p.summary().optimalityGap().ifPresent(g -> s.append(String.format(Locale.ROOT, " (optimality gap %.1f %%)",
                100 * g)));
        if (candidates == 0) {
            return s.append(" · no host of ").append(prob.scenario()).append(" needs an update").toString();
        }
        s.append(" · ").append(p.plannedHosts()).append(" of ").append(Formats.count(candidates, "host", "hosts"))
                .append(" in ").append(Formats.count(p.batches().size(), "batch", "batches"));
        if (!p.unplanned().isEmpty()) {
            s.append(" · ").append(p.unplanned().size()).append(" cannot be planned under this policy");
        }
        return s.toString();
    }

    /**
     * The service worth charting first: of those whose hosts the plan takes out, the one whose
     * headroom gets smallest; of all services when the plan takes none out.
     */
    private static Optional<String> tightest(PlanningProblem prob, Plan p) {
        String best = null;
        double min = Double.POSITIVE_INFINITY;
        boolean bestTouched = false;
        PlanCheck.Timeline timeline = PlanCheck.timeline(prob, p.batches());
        for (String s : prob.demands().keySet()) {
            HeadroomData d = headroomOf(prob, timeline, s);
            boolean touched = d.outSpans().length > 0;
            if (touched && !bestTouched || touched == bestTouched && d.minHeadroom() < min) {
                min = d.minHeadroom();
                best = s;
                bestTouched = touched;
            }
        }
        return Optional.ofNullable(best);
    }

    private void showHeadroom() {
        String s = service.get();
        PlanningProblem prob = problem.get();
        Plan p = plan.get();
        headroom.set(s == null || prob == null || p == null || !prob.demands().containsKey(s) ? null
                : headroomOf(prob, PlanCheck.timeline(prob, p.batches()), s));
    }

    /** The chart's data for service {@code s}: its forecast against what the plan leaves it. */
    static HeadroomData headroomOf(PlanningProblem prob, PlanCheck.Timeline timeline, String s) {
        ServiceDemand d = prob.demands().get(s);
        int n = prob.steps();
        double[] x = new double[n + 1];
        double[] median = new double[n + 1];
        double[] quantile = new double[n + 1];
        double[] in = new double[n + 1];
        double[] with = new double[n + 1];
        double[] usable = new double[n + 1];
        double min = Double.POSITIVE_INFINITY;
        List<double[]> spans = new ArrayList<>();
        boolean[] out = timeline.out().get(s);
        int from = -1;
        for (int t = 0; t <= n; t++) {
            int k = Math.min(t, n - 1);
            x[t] = prob.time(t).toEpochMilli();
            median[t] = d.expectedAt(k);
            quantile[t] = d.demandAt(k);
            in[t] = timeline.inService().get(s)[k];
            with[t] = timeline.available(s, k);
            usable[t] = with[t] * d.limit();
            if (t < n) {
                min = Math.min(min, with[t] <= 0 ? (quantile[t] > 0 ? -1 : 0) : 1 - quantile[t] / with[t]);
                if (out[t] && from < 0) {
                    from = t;
                } else if (!out[t] && from >= 0) {
                    spans.add(new double[] {x[from], x[t]});
                    from = -1;
                }
            }
        }
        if (from >= 0) {
            spans.add(new double[] {x[from], x[n]});
        }
        return new HeadroomData(s, prob.policy().forecastQuantile(), d.limit(), x, median, quantile, in, with, usable,
                spans.toArray(new double[0][]), n == 0 ? 1 : min);
    }

    private void showBatch() {
        Integer index = selectedBatch.get();
        Plan p = plan.get();
        PlanningProblem prob = problem.get();
        if (index == null || p == null || prob == null || index < 1 || index > p.batches().size()) {
            batchDetails.set(null);
            return;
        }
        Plan.Batch b = p.batches().get(index - 1);
        Map<String, PlanHost> hosts = new HashMap<>();
        prob.hosts().forEach(h -> hosts.put(h.id(), h));
        List<ReasonRow> rows = new ArrayList<>();
        for (String id : b.hosts()) {
            rows.add(row(hosts.get(id), id, b.index(), p.hostReasons().getOrDefault(id, "")));
        }
        List<String> reservations = new ArrayList<>();
        for (Plan.Reservation r : b.reservations()) {
            reservations.add(reservationText(p, r));
        }
        List<String> migrations = new ArrayList<>();
        for (Plan.Migration m : b.migrations()) {
            migrations.add(m.service() + ": " + m.fromHost() + " → " + m.toHost());
        }
        long minutes = p.step().multipliedBy(b.endStep() - b.startStep()).toMinutes();
        String when = Formats.utcMinute(p.time(b.startStep())) + " – " + HHMM.format(p.time(b.endStep())) + " UTC ("
                + minutes + " min)";
        batchDetails.set(new BatchDetails("Batch " + b.index() + " of " + p.batches().size() + " · "
                + Formats.count(b.hosts().size(), "host", "hosts"), when, rows, reservations, migrations, b.binding()));
    }

    /** "search: 2 × c6.2xlarge spot in eu-west-1, 13:55 – 15:10 UTC, $0.27 (16 cores)". */
    static String reservationText(Plan p, Plan.Reservation r) {
        return r.service() + ": " + r.count() + " × " + r.instanceType() + (r.spot() ? " spot" : " on-demand") + " in "
                + r.region() + ", " + HHMM.format(p.time(r.fromStep())) + " – " + HHMM.format(p.time(r.toStep()))
                + " UTC, " + Formats.usd(r.costUsd()) + " (" + Formats.amount(r.cores()) + " cores)";
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Stores the policy and plan on screen under the name typed, or "scenario-N" when none is; the
     * name must be free and a valid scenario name, or the page says why not.
     */
    public void saveScenario() {
        Plan p = plan.get();
        if (p == null || source == null) {
            // while an account loads, the plan on screen is still the previous account's
            return;
        }
        String typed = typedName();
        String name;
        if (typed.isEmpty()) {
            int n = scenarios.size() + 1;
            while (nameTaken("scenario-" + n, null)) {
                n++;
            }
            name = "scenario-" + n;
        } else if (refused(typed, null, "choose another name, or select it and press Replace")) {
            return;
        } else {
            name = typed;
        }
        String at = account.get();
        store("Saving scenario " + name + "…", name, () -> {
            // one saved from the command line since the list was read must not be overwritten unasked
            boolean exists = queries.scenarios().list(at).stream().anyMatch(s -> s.name().equalsIgnoreCase(name));
            if (!exists) {
                queries.scenarios().save(at, name, p);
            }
            return !exists;
        }, saved -> {
            if (!saved) {
                scenarioError.set("A scenario named \"" + name + "\" was stored meanwhile, e.g. from the command "
                        + "line; it is listed now. Choose another name, or select it and press Replace.");
                reloadScenarios();
                return;
            }
            put(Scenario.of(name, p));
            clearTyped(typed);
            activity.tell("Scenario " + name + " saved");
        });
    }

    /** Stores the plan on screen in place of {@code s}'s, keeping its name. */
    public void replaceScenario(Scenario s) {
        Plan p = plan.get();
        if (p == null || source == null || !scenarios.contains(s)) {
            return;
        }
        String at = account.get();
        store("Replacing scenario " + s.name() + "…", s.name(), () -> queries.scenarios().save(at, s.name(), p),
                saved -> {
                    put(Scenario.of(s.name(), p));
                    activity.tell("Scenario " + s.name() + " replaced by the plan on screen");
                });
    }

    /** A stored copy of {@code s}, right after it: named as typed, or "…-copy" when no name is typed. */
    public void cloneScenario(Scenario s) {
        if (!scenarios.contains(s)) {
            return;
        }
        String typed = typedName();
        if (!typed.isEmpty() && refused(typed, null, "choose another name")) {
            return;
        }
        String name = typed.isEmpty() ? unused(s.name() + "-copy") : typed;
        String at = account.get();
        store("Cloning scenario " + s.name() + "…", name, () -> queries.scenarios().copy(at, s.name(), name),
                copied -> {
                    int i = indexOf(s.name());
                    scenarios.add(i < 0 ? scenarios.size() : i + 1, s.withName(name));
                    clearTyped(typed);
                    activity.tell("Scenario " + s.name() + " cloned as " + name);
                });
    }

    /** Renames {@code s} to the name typed; says so when it is empty, taken or not a valid name. */
    public void renameScenario(Scenario s) {
        if (!scenarios.contains(s)) {
            return;
        }
        String typed = typedName();
        if (typed.isEmpty()) {
            scenarioError.set("Type the new name of \"" + s.name() + "\" first.");
            return;
        }
        if (typed.equals(s.name()) || refused(typed, s, "choose another name")) {
            return;
        }
        String at = account.get();
        store("Renaming scenario " + s.name() + "…", typed, () -> {
            queries.scenarios().rename(at, s.name(), typed);
            return typed;
        }, renamed -> {
            int i = indexOf(s.name());
            if (i >= 0) {
                scenarios.set(i, scenarios.get(i).withName(renamed));
            }
            clearTyped(typed);
        });
    }

    /** Deletes {@code s} from the store; one already deleted elsewhere (the command line) just goes. */
    public void deleteScenario(Scenario s) {
        if (!scenarios.contains(s)) {
            return;
        }
        String at = account.get();
        store("Deleting scenario " + s.name() + "…", s.name(), () -> {
            if (queries.scenarios().list(at).stream().anyMatch(stored -> stored.name().equals(s.name()))) {
                queries.scenarios().delete(at, s.name());
            }
            return s.name();
        }, deleted -> {
            int i = indexOf(deleted);
            if (i >= 0) {
                scenarios.remove(i);
            }
            activity.tell("Scenario " + deleted + " deleted");
        });
    }

    /** Puts {@code s}'s policy into the controls, which plans it again on today's forecast. */
    public void loadScenario(Scenario s) {
        if (s == null || source == null) {
            return;
        }
        form.show(s.policy());
        policyChanged();
    }

    /**
     * Reads the account's stored scenarios again, e.g. to show those saved from the command line
     * since; in the background.
     */
    public void reloadScenarios() {
        if (source != null) {
            restoreScenarios(generation, Optional.empty());
        }
    }

    /**
     * Empty when {@code name} can name a scenario (the rule of every id: letters, digits, '.', '_',
     * '-', ':' or '@', starting with a letter or digit, at most 128); else what is wrong, in operator
     * words, with a name that would do.
     */
    static String nameProblem(String name) {
        try {
            Check.id("scenario name", name);
            return "";
        } catch (DomainException e) {
            String fixed = name.strip().replaceAll("[^A-Za-z0-9._:@-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
            fixed = fixed.isEmpty() ? "scenario-1" : fixed.substring(0, Math.min(fixed.length(), 128));
            return "\"" + name + "\" cannot name a scenario: use letters, digits, '.', '_', '-', ':' or '@' without "
                    + "spaces, starting with a letter or digit (at most 128), e.g. " + fixed + ".";
        }
    }

    /** Reads the stored scenarios ({@code listed}, or listed now) onto the account's fleet, in the background. */
    private void restoreScenarios(long gen, Optional<List<SavedScenario>> listed) {
        long edits = scenarioEdits;
        String name = account.get();
        PlanningService.Source from = source;
        PlanningProblem base = built;
        Map<String, Slo> bySlo = slos;
        Map<String, PlanningProblem> windows = otherWindows;
        Runnable done = activity.begin("Reading the stored scenarios of " + name + "…");
        runner.run(progress -> {
            List<Scenario> out = new ArrayList<>();
            for (SavedScenario s : listed.orElseGet(() -> queries.scenarios().list(name))) {
                out.add(restore(s, from, base, bySlo, windows, progress));
            }
            return out;
        }, activity::progress, restored -> {
            if (gen == generation && edits != scenarioEdits) {
                // the page changed the store while this read: what was read may miss the change
                restoreScenarios(gen, Optional.empty());
            } else if (gen == generation) {
                scenarios.setAll(restored);
            }
            done.run();
        }, failure -> {
            done.run();
            if (gen == generation) {
                problems.report(failure, this::reloadScenarios);
            }
        });
    }

    /**
     * A stored scenario with its plan read onto the problem of its policy: the built one under the
     * scenario's limits when its window and quantile are the same, else forecast for its own window
     * (once per window and quantile). When the stored plan no longer fits, its stored figures.
     */
    private Scenario restore(SavedScenario s, PlanningService.Source from, PlanningProblem base,
                             Map<String, Slo> bySlo, Map<String, PlanningProblem> windows,
                             ProgressListener progress) {
        Optional<ScenarioComparison.Row> figures;
        try {
            figures = Optional.of(ScenarioComparison.row(s));
        } catch (RuntimeException e) {
            figures = Optional.empty();
        }
        if (s.planJson().isEmpty()) {
            return Scenario.mismatched(s.name(), s.policy(), figures, "It has not been planned yet.");
        }
        try {
            PlanningProblem p;
            if (PolicyChange.reusable(base, s.policy())) {
                p = PolicyChange.apply(base, s.policy(), bySlo);
            } else {
                String key = s.policy().window().map(Object::toString).orElse("default") + "@"
                        + s.policy().forecastQuantile();
                p = windows.get(key);
                if (p == null) {
                    p = queries.problem(from, s.policy(), progress);
                    windows.put(key, p);
                }
            }
            Plan read = PlanJson.read(s.planJson().get(), "The stored plan of scenario \"" + s.name() + "\"", p);
            return new Scenario(s.name(), s.policy(), Optional.of(read), figures, "");
        } catch (HeadroomException e) {
            LOG.log(System.Logger.Level.INFO, "Scenario {0} of {1} no longer fits the fleet: {2}", s.name(),
                    from.name(), e.getMessage());
            return Scenario.mismatched(s.name(), s.policy(), figures, e.operatorMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Scenario " + s.name() + " of " + from.name()
                    + " could not be read onto the fleet", e);
            return Scenario.mismatched(s.name(), s.policy(), figures, Problems.operatorMessage(e));
        }
    }

    /**
     * Runs a change of the stored scenarios in the background; {@code then} updates the list once
     * the store has taken it. {@code name} is taken meanwhile, so that a second click cannot reuse it.
     */
    private <T> void store(String doing, String name, BackgroundRunner.Work<T> work, Consumer<T> then) {
        long gen = generation;
        String key = name.toLowerCase(Locale.ROOT);
        writing.add(key);
        Runnable done = activity.begin(doing);
        runner.run(work, result -> {
            done.run();
            writing.remove(key);
            if (gen != generation) {
                // the account changed meanwhile; the store has the change, and showing the account again lists it
                return;
            }
            scenarioEdits++;
            then.accept(result);
        }, failure -> {
            done.run();
            writing.remove(key);
            if (gen == generation) {
                problems.report(failure, () -> {
                    if (gen == generation) {
                        store(doing, name, work, then);
                    }
                });
            }
        });
    }

    /** Says why {@code name} cannot be given (to a scenario other than {@code except}), and returns true then. */
    private boolean refused(String name, Scenario except, String instead) {
        String problem = nameProblem(name);
        if (!problem.isEmpty()) {
            scenarioError.set(problem);
            return true;
        }
        if (nameTaken(name, except)) {
            scenarioError.set("A scenario named \"" + name + "\" exists already: " + instead + ".");
            return true;
        }
        return false;
    }

    /** {@code stem}, or {@code stem-2}, {@code stem-3}… whichever is free; short enough to be a name. */
    private String unused(String stem) {
        String s = stem.length() > 120 ? stem.substring(0, 120) : stem;
        if (!nameTaken(s, null)) {
            return s;
        }
        int n = 2;
        while (nameTaken(s + "-" + n, null)) {
            n++;
        }
        return s + "-" + n;
    }

    private String typedName() {
        return scenarioName.get() == null ? "" : scenarioName.get().strip();
    }

    /** Empties the name field after it was used, unless the operator has typed another meanwhile. */
    private void clearTyped(String typed) {
        if (typedName().equals(typed)) {
            scenarioName.set("");
        }
    }

    private void put(Scenario s) {
        int i = indexOf(s.name());
        if (i >= 0) {
            scenarios.set(i, s);
        } else {
            scenarios.add(s);
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < scenarios.size(); i++) {
            if (scenarios.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameTaken(String name, Scenario except) {
        return writing.contains(name.toLowerCase(Locale.ROOT))
                || scenarios.stream().anyMatch(s -> s != except && s.name().equalsIgnoreCase(name));
    }

    private void compare() {
        List<ComparisonRow> rows = new ArrayList<>();
        if (plan.get() != null) {
            rows.add(ComparisonRow.of(ComparisonRow.CURRENT, null, plan.get()));
        }
        for (Scenario s : scenarios) {
            rows.add(ComparisonRow.of(s));
        }
        comparison.setAll(rows);
    }

    // ---------------------------------------------------------------- export

    /** Writes the plan on screen as {@code plan.json} (the scenario format's shape). */
    public void exportJson(Path file) {
        Plan p = plan.get();
        if (p != null && file != null) {
            write(file, () -> PlanJson.write(p));
        }
    }

    /** Writes the plan on screen as CSV: one row per host of each batch, then one per reservation. */
    public void exportCsv(Path file) {
        Plan p = plan.get();
        PlanningProblem prob = problem.get();
        if (p != null && prob != null && file != null) {
            write(file, () -> PlanCsv.write(p, prob));
        }
    }

    /** A file name to offer for an export: "sandbox-plan.json". */
    public String exportName(String extension) {
        Plan p = plan.get();
        String base = p == null ? "plan" : p.scenario().replaceAll("[^A-Za-z0-9._-]", "-") + "-plan";
        return base + "." + extension;
    }

    private void write(Path file, java.util.concurrent.Callable<String> text) {
        Runnable done = activity.begin("Writing " + file.getFileName() + "…");
        runner.run(() -> {
            try {
                Files.writeString(file, text.call());
            } catch (IOException e) {
                throw new HeadroomException("Could not write the plan to " + file + ": " + ioReason(e)
                        + ". Choose a folder you can write to and export again.", e);
            }
            return file;
        }, written -> {
            done.run();
            activity.tell("Plan written to " + written);
        }, failure -> {
            done.run();
            problems.report(failure, () -> write(file, text));
        });
    }

    private static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String quantile(double q) {
        return String.format(Locale.ROOT, "%.3f", q).replaceAll("0+$", "");
    }

    // ---------------------------------------------------------------- properties

    /** The account planned; the wiring binds it to the Fleet view's account. */
    public StringProperty accountProperty() {
        return account;
    }

    public PolicyForm form() {
        return form;
    }

    /** The plan on screen; {@code null} until the first is made. */
    public ReadOnlyObjectProperty<Plan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** The problem the plan on screen was made for (limits as the policy sets them). */
    public ReadOnlyObjectProperty<PlanningProblem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True once the first plan of the account is shown. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True while a forecast or a plan is being made. */
    public ReadOnlyBooleanProperty planningProperty() {
        return planning.getReadOnlyProperty();
    }

    /** True while the background solver looks for a better plan than the one on screen. */
    public ReadOnlyBooleanProperty improvingProperty() {
        return improving.getReadOnlyProperty();
    }

    /** Which planner made the plan on screen, how fast, how many hosts it fits; or what stops planning. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The batch whose details are shown, by its number (1 = first); {@code null} for none. */
    public ObjectProperty<Integer> selectedBatchProperty() {
        return selectedBatch;
    }

    public ReadOnlyObjectProperty<BatchDetails> batchDetailsProperty() {
        return batchDetails.getReadOnlyProperty();
    }

    /** The services of the problem, for the headroom chart's chooser. */
    public ObservableList<String> services() {
        return services;
    }

    /** The service charted; the one with the least headroom until the operator chooses. */
    public ObjectProperty<String> serviceProperty() {
        return service;
    }

    public ReadOnlyObjectProperty<HeadroomData> headroomProperty() {
        return headroom.getReadOnlyProperty();
    }

    /** Every candidate host with why it is where it is: the unplanned first, then the planned in batch order. */
    public ObservableList<ReasonRow> reasons() {
        return reasons;
    }

    public ObservableList<ReasonRow> unplanned() {
        return unplanned;
    }

    /** The plan's notes: assumptions, shortfalls no plan causes, and what is short when the policy cannot fit. */
    public ObservableList<String> notes() {
        return notes;
    }

    public ObservableList<Scenario> scenarios() {
        return scenarios;
    }

    /**
     * The plan on screen, then every stored scenario, by the numbers of their plans' summaries (of
     * the stored summary, with a note, for one whose plan no longer fits the fleet).
     */
    public ObservableList<ComparisonRow> comparison() {
        return comparison;
    }

    /** The name typed for saving, cloning or renaming a scenario. */
    public StringProperty scenarioNameProperty() {
        return scenarioName;
    }

    /** What is wrong with the name typed, or why the last scenario action was refused; empty when nothing is. */
    public ReadOnlyStringProperty scenarioErrorProperty() {
        return scenarioError.getReadOnlyProperty();
    }

    private record Planned(PlanningProblem problem, Plan plan, long millis, boolean rebuilt) {
    }

    /** @param scenarioFailure why the stored scenarios could not be listed; null when they were */
    private record Loaded(PlanningService.Source source, Planned planned, List<SavedScenario> stored,
                          Throwable scenarioFailure) {
    }
}
