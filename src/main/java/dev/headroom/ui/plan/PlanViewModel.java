package dev.headroom.ui.plan;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Slo;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanCheck;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanJson;
import dev.headroom.plan.Planner;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;
import dev.headroom.plan.PolicyChange;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * State of the Plan page: the policy controls, the plan they give, the selected batch, the
 * headroom of one service over the window, the explanations, and the scenarios saved for
 * comparison.
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
    /** Scenarios of the accounts shown before, so that going back to one finds them again. */
    private final Map<String, List<Scenario>> scenariosByAccount = new HashMap<>();

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
                if (old != null) {
                    scenariosByAccount.put(old, List.copyOf(scenarios));
                }
                scenarios.setAll(scenariosByAccount.getOrDefault(name, List.of()));
                load();
            }
        });
        selectedBatch.addListener((obs, old, now) -> showBatch());
        service.addListener((obs, old, now) -> showHeadroom());
        scenarios.addListener((javafx.collections.ListChangeListener<Scenario>) c -> compare());
        scenarioName.addListener((obs, old, now) -> scenarioError.set(""));
    }

    /** Forecasts the account's services over its policy's window and plans; seconds, in the background. */
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
        status.set("Forecasting the services of " + name + " over the window…");
        Runnable done = activity.begin("Planning " + name + ": forecasting its services over the window…");
        runner.run(progress -> {
            PlanningService.Source s = queries.source(name);
            return new Loaded(s, timed(queries.problem(s, s.policy(), progress), true));
        }, activity::progress, result -> {
            done.run();
            if (gen != generation) {
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

    /** Saves the policy and plan on screen under the name typed, or "Scenario N" when none is. */
    public void saveScenario() {
        Plan p = plan.get();
        if (p == null) {
            return;
        }
        String name = scenarioName.get() == null ? "" : scenarioName.get().strip();
        if (name.isEmpty()) {
            int n = scenarios.size() + 1;
            while (nameTaken("Scenario " + n, null)) {
                n++;
            }
            name = "Scenario " + n;
        } else if (nameTaken(name, null)) {
            scenarioError.set("A scenario named \"" + name + "\" exists already: choose another name, or select it "
                    + "and press Replace.");
            return;
        }
        scenarios.add(new Scenario(name, p.policy(), p));
        scenarioName.set("");
        activity.tell("Scenario " + name + " saved");
    }

    /** Puts the plan on screen in place of {@code s}'s, keeping its name. */
    public void replaceScenario(Scenario s) {
        Plan p = plan.get();
        int i = scenarios.indexOf(s);
        if (p == null || i < 0) {
            return;
        }
        scenarios.set(i, new Scenario(s.name(), p.policy(), p));
    }

    /** A copy of {@code s} named "… copy", right after it. */
    public Scenario cloneScenario(Scenario s) {
        int i = scenarios.indexOf(s);
        if (i < 0) {
            return null;
        }
        String name = s.name() + " copy";
        int n = 2;
        while (nameTaken(name, null)) {
            name = s.name() + " copy " + n++;
        }
        Scenario copy = s.withName(name);
        scenarios.add(i + 1, copy);
        return copy;
    }

    /** Renames {@code s} to the name typed; says so when it is empty or taken. */
    public void renameScenario(Scenario s) {
        int i = scenarios.indexOf(s);
        if (i < 0) {
            return;
        }
        String name = scenarioName.get() == null ? "" : scenarioName.get().strip();
        if (name.isEmpty()) {
            scenarioError.set("Type the new name of \"" + s.name() + "\" first.");
            return;
        }
        if (nameTaken(name, s)) {
            scenarioError.set("A scenario named \"" + name + "\" exists already: choose another name.");
            return;
        }
        scenarios.set(i, s.withName(name));
        scenarioName.set("");
    }

    public void deleteScenario(Scenario s) {
        scenarios.remove(s);
    }

    /** Puts {@code s}'s policy into the controls, which plans it again on today's forecast. */
    public void loadScenario(Scenario s) {
        if (s == null || source == null) {
            return;
        }
        form.show(s.policy());
        policyChanged();
    }

    private boolean nameTaken(String name, Scenario except) {
        return scenarios.stream().anyMatch(s -> s != except && s.name().equalsIgnoreCase(name));
    }

    private void compare() {
        List<ComparisonRow> rows = new ArrayList<>();
        if (plan.get() != null) {
            rows.add(ComparisonRow.of(ComparisonRow.CURRENT, null, plan.get()));
        }
        for (Scenario s : scenarios) {
            rows.add(ComparisonRow.of(s.name(), s, s.plan()));
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

    /** The plan on screen, then every saved scenario, by the numbers of their plans' summaries. */
    public ObservableList<ComparisonRow> comparison() {
        return comparison;
    }

    /** The name typed for saving or renaming a scenario. */
    public StringProperty scenarioNameProperty() {
        return scenarioName;
    }

    public ReadOnlyStringProperty scenarioErrorProperty() {
        return scenarioError.getReadOnlyProperty();
    }

    private record Planned(PlanningProblem problem, Plan plan, long millis, boolean rebuilt) {
    }

    private record Loaded(PlanningService.Source source, Planned planned) {
    }
}
