package dev.headroom.plan;

import dev.headroom.domain.Objective;
import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.protobuf.TextFormat;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The constraint planner: OR-Tools CP-SAT searches for the batches, their start steps and their
 * surge that minimise the plan objective ({@link Objective}: window length, surge cost, energy
 * and risk, the same sum {@link PlanCheck#summarise} reports) and proves a lower bound, so the
 * plan it returns says how far from optimal it can be at most ({@link Plan.Summary#optimalityGap()}:
 * (objective − bound) / objective, both in PlanCheck's units).
 *
 * <p>Formulation (batch slots): up to {@code B} batches (a quarter more than the greedy needed, at
 * least two more), in order, each slot with a start step, one of the update lengths the hosts
 * need (or none: unused), and its end; a slot starts after the one before ends and the window is
 * the last end. Hosts that are interchangeable for every rule (same services, region, cores and
 * update length) form a class; {@code z[c][b]} counts the hosts of class {@code c} in slot
 * {@code b}. The rules are the heuristic's: dependency order (every host of a prerequisite
 * service in an earlier batch), distinct regions per batch at most {@code max_concurrent_regions},
 * at most {@code max_batch_fraction} of each service's hosts per batch, min healthy (surge
 * instances count as replicas), the capacity rule at every step a batch covers ({@code
 * (in-service cores + surge cores) × limit ≥ forecast quantile}; for each update length the worst
 * step from every possible start is precomputed and looked up by the slot's start), budget and
 * window end. A host may stay unplanned at the cost {@link PlanCheck} charges for it, so the model
 * is never infeasible.
 *
 * <p>Approximations, each of which keeps the plan checked and the bound valid for plans of this
 * shape: surge for a service goes to a region the batch updates (the heuristic: the region most of
 * its outgoing hosts are in; the same when one region is updated at a time), with any instance type
 * offered there, spot or on-demand, that no other choice beats; cores are counted in milli-cores
 * rounded against the plan (demand up, capacity down); objective coefficients are rounded down.
 * The solver proves little about the window by itself in seconds, so the model carries a cut with
 * a lower bound on it from the batch counts the rules force ({@code windowLowerBound}).
 *
 * <p>The search starts from the best of a few greedy plans (the heuristic's, and the same greedy in
 * other host orders), rearranged by a local search over batch sequences ({@link SequenceSearch}):
 * on generated 500-host fleets the solver's own search improved its start by little in ten seconds
 * (seed 2: 300.8 to 299.5), the local search by 4–20 points in three. The plan the solver returns is re-checked by {@link PlanCheck}; if it breaks a
 * rule, or is not better than the heuristic plan, the heuristic plan is returned with the gap
 * measured against the same bound. System properties for tuning: {@code headroom.cpsat.log=true}
 * prints the solver's log and phase times to stderr, {@code headroom.cpsat.params} adds solver
 * parameters in protobuf text format.
 */
public final class CpSatPlanner implements Planner {
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);
    /** Model units per objective point. */
    static final long SCALE = 10_000;
    /** Model units per core. */
    static final long MILLI = 1_000;
    /** The machine this runs on shares two cores with the console. */
    static final int WORKERS = 2;
    private static final double EPS = 1e-6;
    private static volatile boolean nativesLoaded;

    private final Objective objective;
    private final Duration timeLimit;
    private final Consumer<Plan> improvements;

    /**
     * @param objective    the weights plans are measured with; null = each problem's policy's
     * @param improvements called, on a solver thread, with every plan better than the last one it
     *                     was called with; each has 0 predicted violations
     */
    public CpSatPlanner(Objective objective, Duration timeLimit, Consumer<Plan> improvements) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive");
        }
        this.objective = objective;
        this.timeLimit = timeLimit;
        this.improvements = improvements;
    }

    /** A solver that measures plans with each problem's policy's objective. */
    public CpSatPlanner(Duration timeLimit) {
        this(null, timeLimit, null);
    }

    @Override
    public String name() {
        return "cpsat";
    }

    /**
     * Loads the OR-Tools native library once per process (from the jar, no network; about a
     * second). The first plan does it when nobody has; a console can call this early.
     */
    public static void loadNatives() {
        if (!nativesLoaded) {
            synchronized (CpSatPlanner.class) {
                if (!nativesLoaded) {
                    Loader.loadNativeLibraries();
                    nativesLoaded = true;
                }
            }
        }
    }

    @Override
    public Plan plan(PlanningProblem problem) {
        if (objective == null) {
            return new CpSatPlanner(problem.policy().objective(), timeLimit, improvements).plan(problem);
        }
        long started = System.nanoTime();
        Plan heuristic = new HeuristicPlanner(objective).plan(problem);
        try {
            loadNatives();
        } catch (RuntimeException | LinkageError e) {
            return fallback(problem, heuristic, Optional.empty(), "The constraint solver could not start ("
                    + e.getMessage() + "); this is the heuristic plan. Reinstall Headroom or use --solver heuristic.");
        }
        long loaded = System.nanoTime();
        // greedy variants and the local search after them may use up to 40 % of the time limit
        Start seed = warmStart(problem, heuristic, started + (long) (timeLimit.toNanos() * 0.4));
        long seeded = System.nanoTime();
        Model model = new Model(problem, heuristic, seed.plan());
        if (model.classes.isEmpty()) {
            return fallback(problem, heuristic, Optional.of(0.0), "No host can be planned by the constraint solver; "
                    + "this is the heuristic plan.");
        }
        model.build();
        model.hint(seed.plan());
        long built = System.nanoTime();
        double left = timeLimit.toNanos() / 1e9 - (built - started) / 1e9;
        CpSolver solver = new CpSolver();
        // handing the model over and back, and checking the plans after, take time too (a second and a half
        // of a 10 s limit under a load average of 14 on two cores);
        // light presolve: probing took most of a 10 s budget and the bound comes from the cuts anyway
        solver.getParameters().setNumWorkers(WORKERS).setMaxTimeInSeconds(Math.max(0.2, left * 0.8 - 0.5))
                .setCpModelProbingLevel(0).setMaxPresolveIterations(1)
                .setLogSearchProgress(Boolean.getBoolean("headroom.cpsat.log"));
        String extra = System.getProperty("headroom.cpsat.params", "");
        if (!extra.isBlank()) {
            try {
                TextFormat.merge(extra, solver.getParameters());
            } catch (TextFormat.ParseException e) {
                throw new IllegalArgumentException("headroom.cpsat.params: " + e.getMessage(), e);
            }
        }
        double forwarded = heuristic.summary().objective();
        if (improvements != null && !seed.order().equals("priority") && acceptable(seed.plan(), problem)
                && seed.plan().summary().objective() < forwarded - 1e-9) {
            // the start is already better than the heuristic plan: the console need not wait for the solver
            improvements.accept(model.explainSeed(seed.plan(), Optional.of(model.lowestUnits / (double) SCALE)));
            forwarded = seed.plan().summary().objective();
        }
        Callback callback = new Callback(model, forwarded);
        String startNote = seed.order().equals("priority") ? "" : " The search started from the greedy plan that "
                + "takes hosts " + seed.order() + " (objective " + String.format(Locale.ROOT, "%.2f",
                seed.plan().summary().objective()) + ").";
        CpSolverStatus status = solver.solve(model.cp, callback);
        long solveMillis = Math.round(solver.wallTime() * 1000);
        long solved0 = System.nanoTime();
        if (status == CpSolverStatus.MODEL_INVALID || status == CpSolverStatus.INFEASIBLE) {
            // the model always admits leaving every host out: this is a modelling bug, not the operator's
            return fallback(problem, heuristic, Optional.empty(), "The constraint solver rejected its model ("
                    + status + "); this is the heuristic plan. Report this as a bug with the scenario.");
        }
        // the solver's proven bound; when it had no time to prove one, the cuts' bound it started from
        double rawBound = Math.max(solver.bestObjectiveBound(), model.lowestUnits) / SCALE;
        Optional<Double> bound = Double.isFinite(rawBound) && rawBound > 0 ? Optional.of(rawBound) : Optional.empty();
        boolean found = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
        Plan solved = found ? model.extract(solver::value, bound) : null;
        if (Boolean.getBoolean("headroom.cpsat.log")) {
            System.err.printf(Locale.ROOT, "cpsat phases: heuristic+natives %.0f ms, warm starts %.0f ms, model %.0f ms, "
                    + "solve %.0f ms, extract %.0f ms; start %.2f (%s), solver %s%n", (loaded - started) / 1e6,
                    (seeded - loaded) / 1e6, (built - seeded) / 1e6, (solved0 - built) / 1e6,
                    (System.nanoTime() - solved0) / 1e6, seed.plan().summary().objective(), seed.order(),
                    solved == null ? "-" : String.format(Locale.ROOT, "%.2f", solved.summary().objective()));
        }
        // the best checked plan: the solver's, the greedy one it started from, or the heuristic's
        Plan best = heuristic;
        String how = "heuristic";
        if (solved != null && acceptable(solved, problem)
                && solved.summary().objective() < best.summary().objective() - 1e-9) {
            best = solved;
            how = "solver";
        }
        if (!seed.order().equals("priority") && seed.plan().summary().objective() < best.summary().objective() - 1e-9) {
            best = model.explainSeed(seed.plan(), bound);
            how = "seed";
        }
        double value = best.summary().objective();
        StringBuilder note = new StringBuilder("Constraint solver: ").append(status.name().toLowerCase(Locale.ROOT))
                .append(" after ").append(seconds(solveMillis)).append(" with ").append(model.classes.size())
                .append(" host classes over ").append(problem.steps()).append(" steps; objective ")
                .append(String.format(Locale.ROOT, "%.2f", value));
        bound.ifPresent(b -> note.append(", lower bound ").append(String.format(Locale.ROOT, "%.2f", b)));
        note.append(" (window at least ").append(problem.step().multipliedBy(model.windowBound).toMinutes())
                .append(" min).").append(startNote);
        if (solved != null && !acceptable(solved, problem)) {
            note.append(" Its own plan broke a rule when checked and was dropped.");
        }
        if (how.equals("heuristic")) {
            note.append(found ? " It found nothing better than the heuristic plan, which is kept."
                    : " It found no plan of its own in time; this is the heuristic plan.");
            bound.ifPresent(b -> note.append(" It is at most ").append(percent(gap(value, b)))
                    .append(" above the best possible plan of this shape."));
            return fallback(problem, heuristic, bound.map(b -> gap(value, b)), note.toString());
        }
        bound.ifPresent(b -> note.append(" ").append(gapNote(value, b, model.fixedUnits / (double) SCALE)));
        note.append(" The heuristic plan's objective was ")
                .append(String.format(Locale.ROOT, "%.2f", heuristic.summary().objective())).append(".");
        List<String> notes = new ArrayList<>(best.notes());
        notes.add(note.toString());
        return new Plan(best.scenario(), name(), best.policy(), best.start(), best.step(), best.batches(),
                best.unplanned(), best.hostReasons(), best.summary(), notes);
    }

    /** A greedy plan that seeds the search, and the host order that made it. */
    private record Start(Plan plan, String order) {
    }

    /**
     * The best of a few greedy plans: the heuristic's, and the same greedy filling batches in other
     * host orders. The heuristic takes hosts by priority, so a batch often goes to the region of one
     * high-priority host while the services others wait for are still being updated; taking the
     * hosts of those services first (the longest chain of services waiting behind them first,
     * list scheduling's critical path rule) lets the waiting services start sooner. The best of them
     * is then rearranged by {@link SequenceSearch} until the deadline; greedy orders get a quarter of
     * the time.
     */
    private Start warmStart(PlanningProblem problem, Plan heuristic, long deadline) {
        Map<String, Integer> waiting = waitingDepth(problem);
        Map<String, Long> perRegion = new HashMap<>();
        problem.candidates().forEach(h -> perRegion.merge(h.region(), 1L, Long::sum));
        Comparator<PlanHost> byPriority = Comparator.comparingDouble((PlanHost h) -> -HeuristicPlanner.priority(problem,
                h)).thenComparing(PlanHost::id);
        Comparator<PlanHost> chainFirst = Comparator.comparingInt((PlanHost h) -> -waiting.getOrDefault(h.service(), 0));
        Comparator<PlanHost> regionOrder = Comparator.comparingLong((PlanHost h) -> -perRegion.get(h.region()))
                .thenComparing(PlanHost::region);
        Map<String, Comparator<PlanHost>> orders = new LinkedHashMap<>();
        orders.put("of services others wait for first", chainFirst.thenComparing(byPriority));
        orders.put("of services others wait for first, region by region",
                chainFirst.thenComparing(regionOrder).thenComparing(byPriority));
        orders.put("of services others wait for first, longest update first", chainFirst
                .thenComparingInt((PlanHost h) -> -h.updateSteps()).thenComparing(byPriority));
        orders.put("region by region", regionOrder.thenComparing(byPriority));
        // the order regions are visited in decides how often the batches must come back to each
        List<String> regions = perRegion.keySet().stream().sorted().toList();
        if (regions.size() > 1 && regions.size() <= 4) {
            for (List<String> visit : permutations(regions)) {
                Comparator<PlanHost> inVisit = Comparator.comparingInt((PlanHost h) -> visit.indexOf(h.region()));
                orders.put("of services others wait for first, regions " + String.join(", ", visit),
                        chainFirst.thenComparing(inVisit).thenComparing(byPriority));
                orders.put("of services others wait for first, regions " + String.join(", ", visit)
                        + ", longest update first", chainFirst.thenComparing(inVisit)
                        .thenComparingInt((PlanHost h) -> -h.updateSteps()).thenComparing(byPriority));
            }
        }
        Start best = new Start(repriced(problem, heuristic), "priority");
        long greedyUntil = System.nanoTime() + (deadline - System.nanoTime()) / 4;
        for (var e : orders.entrySet()) {
            if (System.nanoTime() > greedyUntil) {
                break;
            }
            Plan p = repriced(problem, greedyInOrder(problem, e.getValue()));
            if (p.unplanned().size() <= best.plan().unplanned().size() && p.summary().predictedViolations() == 0
                    && p.summary().objective() < best.plan().summary().objective() - 1e-9) {
                best = new Start(p, e.getKey());
            }
        }
        Optional<Plan> searched = new SequenceSearch(problem, objective, leadSteps(problem),
                stabilisationSteps(problem)).improve(best.plan(), deadline, 1);
        if (searched.isPresent()) {
            Plan p = searched.get();
            if (p.unplanned().size() <= best.plan().unplanned().size() && p.summary().predictedViolations() == 0
                    && p.summary().objective() < best.plan().summary().objective() - 1e-9) {
                best = new Start(p, best.order().equals("priority") ? "by priority, then rearranged by a local search"
                        : best.order() + ", then rearranged by a local search");
            }
        }
        return best;
    }

    private static int leadSteps(PlanningProblem problem) {
        return (int) Math.ceil(HeuristicPlanner.LEAD_MINUTES / (double) Math.max(1, problem.step().toMinutes()));
    }

    private static int stabilisationSteps(PlanningProblem problem) {
        return (int) Math.ceil(problem.policy().stabilizationMinutes() / (double) Math.max(1, problem.step().toMinutes()));
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<String>> out = new ArrayList<>();
        for (String first : items) {
            List<String> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<String> tail : permutations(rest)) {
                List<String> p = new ArrayList<>(List.of(first));
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The plan with each spot reservation made on-demand where that lowers the objective: spot is
     * cheaper, but its risk term can outweigh the saving. Capacity is the same; the budget is kept.
     */
    private Plan repriced(PlanningProblem problem, Plan plan) {
        double spent = plan.summary().surgeCostUsd();
        double budget = problem.policy().budgetUsd().orElse(Double.MAX_VALUE);
        List<Plan.Batch> batches = new ArrayList<>();
        boolean changed = false;
        for (Plan.Batch b : plan.batches()) {
            List<Plan.Reservation> rs = new ArrayList<>();
            for (Plan.Reservation r : b.reservations()) {
                SurgeOption o = problem.surgeOptions().getOrDefault(r.region(), List.of()).stream()
                        .filter(x -> x.instanceType().equals(r.instanceType())).findFirst().orElse(null);
                double hours = (r.toStep() - r.fromStep()) * problem.stepHours();
                if (r.spot() && o != null) {
                    double onDemand = r.count() * o.onDemandHourlyUsd() * hours;
                    double spotValue = objective.perUsd() * r.costUsd()
                            + objective.perRisk() * PlanCheck.spotRisk(r.count(), hours);
                    if (objective.perUsd() * onDemand < spotValue - 1e-9
                            && spent - r.costUsd() + onDemand <= budget + 1e-9) {
                        spent += onDemand - r.costUsd();
                        rs.add(new Plan.Reservation(r.service(), r.region(), r.instanceType(), r.count(), false,
                                r.fromStep(), r.toStep(), r.coresEach(), PlanCheck.round(onDemand, 4)));
                        changed = true;
                        continue;
                    }
                }
                rs.add(r);
            }
            batches.add(new Plan.Batch(b.index(), b.startStep(), b.endStep(), b.hosts(), rs, b.migrations(),
                    b.binding()));
        }
        if (!changed) {
            return plan;
        }
        Plan.Summary summary = PlanCheck.summarise(problem, batches, plan.unplanned().size(), objective,
                Optional.empty());
        return new Plan(plan.scenario(), plan.solver(), plan.policy(), plan.start(), plan.step(), batches,
                plan.unplanned(), plan.hostReasons(), summary, plan.notes());
    }

    /** For each service, the longest chain of services that wait for it (0 when none does). */
    private static Map<String, Integer> waitingDepth(PlanningProblem problem) {
        Map<String, Set<String>> waitingFor = new HashMap<>();
        problem.prerequisites().forEach((s, before) -> before.forEach(p -> {
            if (!p.equals(s)) {
                waitingFor.computeIfAbsent(p, k -> new HashSet<>()).add(s);
            }
        }));
        Map<String, Integer> depth = new HashMap<>();
        for (String s : waitingFor.keySet()) {
            depth(s, waitingFor, depth, new HashSet<>());
        }
        return depth;
    }

    private static int depth(String s, Map<String, Set<String>> waitingFor, Map<String, Integer> memo,
                             Set<String> visiting) {
        Integer known = memo.get(s);
        if (known != null) {
            return known;
        }
        if (!visiting.add(s)) {
            return 0;
        }
        int d = 0;
        for (String next : waitingFor.getOrDefault(s, Set.of())) {
            d = Math.max(d, 1 + depth(next, waitingFor, memo, visiting));
        }
        visiting.remove(s);
        memo.put(s, d);
        return d;
    }

    /**
     * The heuristic's greedy with hosts taken in {@code order}: the heuristic runs on a copy of the
     * problem whose load scores spell out the order (and whose priority weighs only them); every
     * rule it checks is the same, so its batches are a plan for the real problem, checked on it.
     */
    private Plan greedyInOrder(PlanningProblem problem, Comparator<PlanHost> order) {
        List<PlanHost> sorted = new ArrayList<>(problem.candidates());
        sorted.sort(order);
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            rank.put(sorted.get(i).id(), i);
        }
        int n = Math.max(1, sorted.size());
        List<PlanHost> hosts = new ArrayList<>();
        for (PlanHost h : problem.hosts()) {
            int r = rank.getOrDefault(h.id(), n);
            hosts.add(new PlanHost(h.id(), h.services(), h.region(), h.zone(), h.instanceType(), h.cores(),
                    Criticality.LOW, 100.0 * r / n, h.version(), h.targetVersion(), h.updateSteps(),
                    h.failureRate()));
        }
        Policy p = problem.policy();
        Policy byRank = new Policy(p.window(), p.safetyMargin(), 0, 1,
                p.maxBatchFraction(), p.maxConcurrentRegions(), p.minHealthyFraction(), p.rollbackThreshold(),
                p.stabilizationMinutes(), p.spotAllowed(), p.budgetUsd(), p.forecastQuantile());
        PlanningProblem copy = new PlanningProblem(problem.scenario(), byRank, problem.start(), problem.step(),
                problem.steps(), hosts, problem.demands(), problem.surgeOptions(), problem.prerequisites(),
                problem.unplannable(), problem.notes());
        Plan plan = new HeuristicPlanner(objective).plan(copy);
        Plan.Summary summary = PlanCheck.summarise(problem, plan.batches(), plan.unplanned().size(), objective,
                Optional.empty());
        return new Plan(problem.scenario(), "heuristic", problem.policy(), problem.start(), problem.step(),
                plan.batches(), plan.unplanned(), plan.hostReasons(), summary, plan.notes());
    }

    private boolean acceptable(Plan plan, PlanningProblem problem) {
        if (plan.summary().predictedViolations() > 0) {
            return false;
        }
        Optional<Double> budget = problem.policy().budgetUsd();
        return budget.isEmpty() || plan.summary().surgeCostUsd() <= budget.get() + 1e-9;
    }

    /** The heuristic plan under this planner's name, with the gap to the bound and what happened. */
    private Plan fallback(PlanningProblem problem, Plan heuristic, Optional<Double> gap, String note) {
        Plan.Summary s = PlanCheck.summarise(problem, heuristic.batches(), heuristic.unplanned().size(), objective, gap);
        List<String> notes = new ArrayList<>(heuristic.notes());
        notes.add(note);
        return new Plan(heuristic.scenario(), name(), heuristic.policy(), heuristic.start(), heuristic.step(),
                heuristic.batches(), heuristic.unplanned(), heuristic.hostReasons(), s, notes);
    }

    /** Relative distance of {@code objective} from the proven lower bound; 0 when proven optimal. */
    static double gap(double objectiveValue, double bound) {
        if (objectiveValue <= 0) {
            return 0;
        }
        return PlanCheck.round(Math.max(0, (objectiveValue - bound) / objectiveValue), 6);
    }

    private static String gapNote(double value, double bound, double fixed) {
        String out = "It is at most " + percent(gap(value, bound)) + " above the best possible plan of this shape";
        if (fixed > 0 && value - fixed > 1e-9) {
            out += " (" + percent(gap(value - fixed, bound - fixed)) + " of the part a plan can change, without the "
                    + String.format(Locale.ROOT, "%.2f", fixed) + " of risk every plan that updates every host carries)";
        }
        return out + ".";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Forwards every solution better than the last one forwarded, once checked. */
    private final class Callback extends CpSolverSolutionCallback {
        private final Model model;
        private double best;

        Callback(Model model, double heuristicObjective) {
            this.model = model;
            this.best = heuristicObjective;
        }

        @Override
        public void onSolutionCallback() {
            if (improvements == null || objectiveValue() / SCALE >= best - 1e-9) {
                return;
            }
            Plan p = model.extract(this::value, Optional.of(bestObjectiveBound() / SCALE));
            if (acceptable(p, model.problem) && p.summary().objective() < best - 1e-9) {
                best = p.summary().objective();
                improvements.accept(p);
            }
        }
    }

    private static double risk(PlanHost h) {
        return h.criticality().score() * h.failureRate();
    }

    /** Hosts the rules cannot tell apart: same services, region, cores and update length. */
    private record HostClass(int index, List<PlanHost> members, PlanHost sample, int lengthIndex, long riskUnits) {
        int size() {
            return members.size();
        }

        List<String> services() {
            return sample.services();
        }

        String primary() {
            return sample.service();
        }

        long coresMilli() {
            return (long) Math.ceil(sample.coresPerService() * MILLI - EPS);
        }
    }

    /** An auxiliary variable and its value as a function of the values of variables made before it. */
    private record Derived(IntVar var, ToLongFunction<Map<IntVar, Long>> value) {
    }

    /** A surge count variable: instances of {@code option} for {@code service} in batch slot {@code b}. */
    private record SurgeVar(String service, int b, SurgeOption option, IntVar count) {
    }

    /** The CP-SAT model of one planning problem, and the way back from its solution to a plan. */
    private final class Model {
        final PlanningProblem problem;
        final Plan heuristic;
        final CpModel cp = new CpModel();
        final Map<String, List<PlanHost>> byService;
        final Map<String, Integer> maxOut = new HashMap<>();
        final Map<String, Integer> minIn = new HashMap<>();
        final List<HostClass> classes = new ArrayList<>();
        final Map<String, HostClass> classOf = new HashMap<>();
        /** Hosts outside the model, with the reason: unplannable, or waiting for an unplannable one. */
        final Map<String, String> excluded = new LinkedHashMap<>();
        final int steps;
        final int slots;
        final int leadSteps;
        final int stabilisationSteps;
        final int[] lengths;
        final List<String> regions;
        final boolean regionsFree;
        final long unplannedUnits;
        /** Objective units every plan that updates every plannable host pays: their risk. */
        long fixedUnits;
        /** Steps the window needs at least when every plannable host is planned. */
        long windowBound;
        /** The objective's lower bound known before the search, in model units. */
        long lowestUnits;

        /** Auxiliary variables and how their hinted value follows from the hinted decisions. */
        final List<Derived> derived = new ArrayList<>();
        IntVar[] start;
        BoolVar[][] startsAt;
        IntVar[] end;
        BoolVar[] used;
        BoolVar[][] len;
        BoolVar[][] reg;
        IntVar[][] z;
        IntVar window;
        final List<SurgeVar> surge = new ArrayList<>();

        Model(PlanningProblem problem, Plan heuristic, Plan seed) {
            this.problem = problem;
            this.heuristic = heuristic;
            this.byService = problem.hostsByService();
            this.steps = problem.steps();
            long stepMinutes = Math.max(1, problem.step().toMinutes());
            this.leadSteps = (int) Math.ceil(HeuristicPlanner.LEAD_MINUTES / (double) stepMinutes);
            this.stabilisationSteps = (int) Math.ceil(problem.policy().stabilizationMinutes() / (double) stepMinutes);
            for (var e : byService.entrySet()) {
                int n = e.getValue().size();
                maxOut.put(e.getKey(), Math.max(1, (int) Math.floor(problem.policy().maxBatchFraction() * n + 1e-9)));
                minIn.put(e.getKey(), (int) Math.ceil(problem.demands().get(e.getKey()).minHealthyFraction() * n
                        - 1e-9));
            }
            this.unplannedUnits = (long) Math.floor(objective.perWindowHour() * problem.steps() * problem.stepHours()
                    * SCALE);

            Map<String, String> heuristicReasons = new HashMap<>();
            heuristic.unplanned().forEach(u -> heuristicReasons.put(u.host(), u.reason()));
            problem.unplannable().forEach(excluded::put);
            Set<String> blocked = blockedServices(problem);
            List<PlanHost> hosts = new ArrayList<>();
            for (PlanHost h : problem.candidates()) {
                if (blocked.contains(h.service())) {
                    excluded.put(h.id(), heuristicReasons.getOrDefault(h.id(), new Rejection(
                            Constraint.PREREQUISITE_UNPLANNED, h.service() + " must wait for a service with a host "
                            + "that cannot be planned").explain()));
                } else {
                    hosts.add(h);
                }
            }
            this.lengths = hosts.stream().mapToInt(PlanHost::updateSteps).filter(u -> u <= steps).distinct().sorted()
                    .toArray();
            Map<List<Object>, List<PlanHost>> groups = new LinkedHashMap<>();
            for (PlanHost h : hosts) {
                groups.computeIfAbsent(List.of(h.services(), h.region(), h.cores(), h.updateSteps()),
                        k -> new ArrayList<>()).add(h);
            }
            for (List<PlanHost> members : groups.values()) {
                PlanHost sample = members.get(0);
                // when only some of a class can be planned, the riskiest are (see extract): the class's
                // mean risk per host then never overstates theirs, and the bound stays valid
                double meanRisk = members.stream().mapToDouble(CpSatPlanner::risk).average().orElse(0);
                long riskUnits = (long) Math.floor(meanRisk * objective.perRisk() * SCALE);
                HostClass c = new HostClass(classes.size(), List.copyOf(members), sample,
                        Arrays.binarySearch(lengths, sample.updateSteps()), riskUnits);
                classes.add(c);
                members.forEach(h -> classOf.put(h.id(), c));
                if (sample.updateSteps() <= steps) {
                    fixedUnits += riskUnits * c.size();
                }
            }
            this.regions = hosts.stream().map(PlanHost::region).distinct().sorted().toList();
            this.regionsFree = regions.size() <= problem.policy().maxConcurrentRegions();
            // room for a quarter more batches than the heuristic needed: smaller batches may end sooner
            int h = Math.max(heuristic.batches().size(), seed.batches().size());
            this.slots = Math.max(1, Math.min(steps, h + Math.max(2, (h + 3) / 4)));
        }

        /** Services that can never start: they wait for a service with an unplannable host (as the heuristic). */
        private Set<String> blockedServices(PlanningProblem problem) {
            Set<String> blocked = new HashSet<>();
            for (String id : problem.unplannable().keySet()) {
                problem.hosts().stream().filter(h -> h.id().equals(id)).findFirst()
                        .ifPresent(h -> blocked.add(h.service()));
            }
            Set<String> out = new HashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (PlanHost h : problem.candidates()) {
                    if (out.contains(h.service())) {
                        continue;
                    }
                    for (String p : problem.prerequisitesOf(h.service())) {
                        if (!p.equals(h.service()) && (blocked.contains(p) || out.contains(p))) {
                            out.add(h.service());
                            changed = true;
                            break;
                        }
                    }
                }
            }
            return out;
        }

        // ---- the model ----

        void build() {
            start = new IntVar[slots];
            startsAt = new BoolVar[slots][];
            end = new IntVar[slots];
            used = new BoolVar[slots];
            len = new BoolVar[slots][lengths.length];
            window = cp.newIntVar(0, steps, "window");
            for (int b = 0; b < slots; b++) {
                start[b] = cp.newIntVar(0, steps, "start_" + b);
                end[b] = cp.newIntVar(0, steps, "end_" + b);
                used[b] = cp.newBoolVar("used_" + b);
                // the start as one literal per step, so that what depends on it is linear
                startsAt[b] = new BoolVar[steps + 1];
                LinearExprBuilder one = LinearExpr.newBuilder();
                LinearExprBuilder at = LinearExpr.newBuilder();
                IntVar sv = start[b];
                for (int t = 0; t <= steps; t++) {
                    BoolVar lit = cp.newBoolVar("starts_" + b + "_" + t);
                    startsAt[b][t] = lit;
                    one.add(lit);
                    at.addTerm(lit, t);
                    long step = t;
                    derived.add(new Derived(lit, m -> m.get(sv) == step ? 1 : 0));
                }
                cp.addEquality(one, 1);
                cp.addEquality(LinearExpr.newBuilder().add(start[b]).add(LinearExpr.term(at, -1)), 0);
                LinearExprBuilder length = LinearExpr.newBuilder();
                LinearExprBuilder any = LinearExpr.newBuilder();
                Map<IntVar, Long> lengthOf = new HashMap<>();
                for (int k = 0; k < lengths.length; k++) {
                    len[b][k] = cp.newBoolVar("len_" + b + "_" + lengths[k]);
                    length.addTerm(len[b][k], lengths[k]);
                    any.add(len[b][k]);
                    lengthOf.put(len[b][k], (long) lengths[k]);
                }
                cp.addEquality(any, used[b]);
                derived.add(new Derived(used[b], m -> lengthOf.keySet().stream().mapToLong(m::get).sum()));
                // a slot holds a batch from its start to its end; slots follow one another, used ones first
                cp.addEquality(LinearExpr.newBuilder().add(end[b]).addTerm(start[b], -1).add(negate(length)), 0);
                derived.add(new Derived(end[b], m -> m.get(sv) + weighted(m, lengthOf)));
                if (b > 0) {
                    cp.addGreaterOrEqual(LinearExpr.newBuilder().add(start[b]).addTerm(end[b - 1], -1), 0);
                    cp.addImplication(used[b], used[b - 1]);
                }
                cp.addGreaterOrEqual(LinearExpr.newBuilder().add(window).addTerm(end[b], -1), 0);
            }
            z = new IntVar[classes.size()][];
            for (HostClass c : classes) {
                if (c.sample().updateSteps() > steps) {
                    z[c.index()] = new IntVar[0];
                    continue;
                }
                z[c.index()] = new IntVar[slots];
                for (int b = 0; b < slots; b++) {
                    z[c.index()][b] = cp.newIntVar(0, c.size(), "z_" + c.index() + "_" + b);
                }
                // each host is updated at most once
                cp.addLessOrEqual(LinearExpr.sum(z[c.index()]), c.size());
            }
            if (!regionsFree) {
                reg = new BoolVar[slots][regions.size()];
                for (int b = 0; b < slots; b++) {
                    LinearExprBuilder touched = LinearExpr.newBuilder();
                    for (int r = 0; r < regions.size(); r++) {
                        reg[b][r] = cp.newBoolVar("region_" + b + "_" + r);
                        touched.add(reg[b][r]);
                    }
                    cp.addLessOrEqual(touched.addTerm(used[b], -problem.policy().maxConcurrentRegions()), 0);
                }
            }
            Map<String, List<HostClass>> classesOf = new LinkedHashMap<>();
            for (HostClass c : classes) {
                if (z[c.index()].length == 0) {
                    continue;
                }
                for (String s : c.services()) {
                    classesOf.computeIfAbsent(s, k -> new ArrayList<>()).add(c);
                }
            }
            for (var e : classesOf.entrySet()) {
                serviceRules(e.getKey(), e.getValue());
            }
            orderRules();
            windowCut();
            objectiveAndBudget();
        }

        private LinearExpr negate(LinearExprBuilder e) {
            return LinearExpr.term(e, -1);
        }

        /** Batch fraction, regions, lengths, min healthy and the capacity rule of one service. */
        private void serviceRules(String s, List<HostClass> of) {
            int out = maxOut.get(s);
            int n = byService.get(s).size();
            int healthySpare = n - minIn.get(s);
            ServiceDemand d = problem.demands().get(s);
            long capacity = (long) Math.floor(d.capacityCores() * MILLI + EPS);
            long[] required = new long[steps];
            long peak = 0;
            for (int t = 0; t < steps; t++) {
                required[t] = (long) Math.ceil(d.requiredCoresAt(t) * MILLI - EPS);
                peak = Math.max(peak, required[t]);
            }
            // worst[k][start]: the most cores needed over the steps a batch of length k starting there covers
            long[][] worst = new long[lengths.length][steps + 1];
            for (int k = 0; k < lengths.length; k++) {
                for (int t = 0; t <= steps; t++) {
                    for (int u = t; u < Math.min(steps, t + lengths[k]); u++) {
                        worst[k][t] = Math.max(worst[k][t], required[u]);
                    }
                }
            }
            long maxLost = of.stream().flatMap(c -> c.members().stream().map(h -> c.coresMilli()))
                    .sorted(Comparator.reverseOrder()).limit(out).mapToLong(Long::longValue).sum();
            int maxOutHere = Math.min(out, of.stream().mapToInt(HostClass::size).sum());
            boolean capacityBinds = peak + maxLost > capacity;
            boolean shortWithAllIn = peak > capacity;
            boolean healthyBinds = maxOutHere > healthySpare;
            for (int b = 0; b < slots; b++) {
                LinearExprBuilder count = LinearExpr.newBuilder();
                LinearExprBuilder lost = LinearExpr.newBuilder();
                List<IntVar> counts = new ArrayList<>();
                for (HostClass c : of) {
                    count.add(z[c.index()][b]);
                    lost.addTerm(z[c.index()][b], c.coresMilli());
                    counts.add(z[c.index()][b]);
                }
                // max batch fraction; also ties the hosts to a used slot
                cp.addLessOrEqual(LinearExpr.newBuilder().add(count).addTerm(used[b], -out), 0);
                // regions: hosts of s in region r go only in a batch that updates r
                if (!regionsFree) {
                    for (int r = 0; r < regions.size(); r++) {
                        LinearExprBuilder inRegion = LinearExpr.newBuilder();
                        int size = 0;
                        for (HostClass c : of) {
                            if (c.sample().region().equals(regions.get(r))) {
                                inRegion.add(z[c.index()][b]);
                                size += c.size();
                            }
                        }
                        if (size > 0) {
                            cp.addLessOrEqual(inRegion.addTerm(reg[b][r], -Math.min(out, size)), 0);
                        }
                    }
                }
                // lengths: a host needing at least lengths[j] steps goes only in a batch at least that long
                for (int j = 1; j < lengths.length; j++) {
                    LinearExprBuilder longHosts = LinearExpr.newBuilder();
                    int size = 0;
                    for (HostClass c : of) {
                        if (c.lengthIndex() >= j) {
                            longHosts.add(z[c.index()][b]);
                            size += c.size();
                        }
                    }
                    if (size == 0) {
                        continue;
                    }
                    for (int k = j; k < lengths.length; k++) {
                        longHosts.addTerm(len[b][k], -Math.min(out, size));
                    }
                    cp.addLessOrEqual(longHosts, 0);
                }
                if (!capacityBinds && !healthyBinds) {
                    continue;
                }
                List<SurgeVar> mine = surgeVars(s, of, b, Math.max(0, peak - capacity) + maxLost,
                        Math.max(0, maxOutHere - healthySpare));
                if (capacityBinds) {
                    BoolVar in = null;
                    if (shortWithAllIn) {
                        // short even with every host in: the rule binds only while one of its hosts is out
                        in = cp.newBoolVar("in_" + s + "_" + b);
                        for (HostClass hc : of) {
                            cp.addLessOrEqual(LinearExpr.newBuilder().add(z[hc.index()][b]).addTerm(in, -hc.size()), 0);
                        }
                        derived.add(new Derived(in, m -> counts.stream().anyMatch(v -> m.get(v) > 0) ? 1 : 0));
                    }
                    for (int k = 0; k < lengths.length; k++) {
                        long[] table = worst[k];
                        if (Arrays.stream(table).max().orElse(0) + maxLost <= capacity) {
                            continue;
                        }
                        // the worst step of a batch of this length, wherever the slot starts
                        LinearExprBuilder rule = LinearExpr.newBuilder().add(lost);
                        for (int t = 0; t <= steps; t++) {
                            if (table[t] != 0) {
                                rule.addTerm(startsAt[b][t], table[t]);
                            }
                        }
                        for (SurgeVar v : mine) {
                            rule.addTerm(v.count(), -surgeMilli(v.option()));
                        }
                        var c = cp.addLessOrEqual(rule, capacity);
                        c.onlyEnforceIf(in == null ? new BoolVar[] {len[b][k]} : new BoolVar[] {len[b][k], in});
                    }
                }
                if (healthyBinds) {
                    LinearExprBuilder rule = LinearExpr.newBuilder().add(count);
                    for (SurgeVar v : mine) {
                        rule.addTerm(v.count(), -1);
                    }
                    cp.addLessOrEqual(rule, healthySpare);
                }
            }
        }

        /**
         * Surge instances for {@code s} in slot {@code b}: any choice offered in a region where
         * {@code s} has hosts to update and that the batch updates.
         */
        private List<SurgeVar> surgeVars(String s, List<HostClass> of, int b, long coresNeeded, int instancesNeeded) {
            List<SurgeVar> out = new ArrayList<>();
            Set<String> where = new HashSet<>();
            of.forEach(c -> where.add(c.sample().region()));
            for (int r = 0; r < regions.size(); r++) {
                if (!where.contains(regions.get(r))) {
                    continue;
                }
                for (SurgeOption o : options(regions.get(r))) {
                    if (surgeMilli(o) <= 0) {
                        continue;
                    }
                    long max = (long) Math.ceil(coresNeeded / (double) surgeMilli(o)) + instancesNeeded;
                    if (max <= 0) {
                        continue;
                    }
                    IntVar v = cp.newIntVar(0, max, "surge_" + s + "_" + b + "_" + o.instanceType() + "@" + o.region()
                            + (o.useSpot(problem.policy().spotAllowed()) ? "_spot" : ""));
                    BoolVar gate = regionsFree ? used[b] : reg[b][r];
                    cp.addLessOrEqual(LinearExpr.newBuilder().add(v).addTerm(gate, -max), 0);
                    SurgeVar sv = new SurgeVar(s, b, o, v);
                    out.add(sv);
                    surge.add(sv);
                }
            }
            return out;
        }

        private long surgeMilli(SurgeOption o) {
            return (long) Math.floor(o.cores() * MILLI + EPS);
        }

        /** Objective points one instance of {@code o} costs per planning step: price, energy and spot risk. */
        private double perStep(SurgeOption o, double spotRiskPerHour) {
            boolean spot = problem.policy().spotAllowed();
            return problem.stepHours() * (objective.perUsd() * o.hourlyUsd(spot)
                    + objective.perKwh() * o.cores() * PlanCheck.WATTS_PER_CORE / 1000
                    + objective.perRisk() * (o.useSpot(spot) ? spotRiskPerHour : 0));
        }

        /**
         * The region's surge choices: each instance type, and where spot is allowed also its
         * on-demand form (spot is cheaper but riskier); without those another choice beats on cores,
         * objective cost and, under a budget, price alike.
         */
        private List<SurgeOption> options(String region) {
            boolean spot = problem.policy().spotAllowed();
            boolean budget = problem.policy().budgetUsd().isPresent();
            List<SurgeOption> all = new ArrayList<>();
            for (SurgeOption o : problem.surgeOptions().getOrDefault(region, List.of())) {
                all.add(o);
                if (o.useSpot(spot)) {
                    all.add(new SurgeOption(o.region(), o.instanceType(), o.cores(), o.onDemandHourlyUsd(), 0));
                }
            }
            double spotRisk = PlanCheck.SPOT_RISK_PER_INSTANCE * PlanCheck.SPOT_INTERRUPTIONS_PER_HOUR;
            List<SurgeOption> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                SurgeOption o = all.get(i);
                boolean dominated = false;
                for (int j = 0; j < all.size() && !dominated; j++) {
                    SurgeOption p = all.get(j);
                    if (i == j) {
                        continue;
                    }
                    boolean noWorse = p.cores() >= o.cores() && perStep(p, spotRisk) <= perStep(o, spotRisk)
                            && (!budget || p.hourlyUsd(spot) <= o.hourlyUsd(spot));
                    boolean better = p.cores() > o.cores() || perStep(p, spotRisk) < perStep(o, spotRisk)
                            || budget && p.hourlyUsd(spot) < o.hourlyUsd(spot);
                    dominated = noWorse && (better || j < i);
                }
                if (!dominated) {
                    out.add(o);
                }
            }
            return out;
        }

        /** Dependency order: every host of a prerequisite is in an earlier batch, and all of them are planned. */
        private void orderRules() {
            Map<String, List<HostClass>> byPrimary = new LinkedHashMap<>();
            classes.forEach(c -> byPrimary.computeIfAbsent(c.primary(), k -> new ArrayList<>()).add(c));
            Map<String, IntVar> last = new HashMap<>();
            Map<String, BoolVar> allPlanned = new HashMap<>();
            Map<String, IntVar> first = new HashMap<>();
            Map<Integer, BoolVar[]> inSlot = new HashMap<>();
            for (String s : byPrimary.keySet()) {
                for (String p : new TreeSet<>(problem.prerequisitesOf(s))) {
                    if (p.equals(s) || !byPrimary.containsKey(p)) {
                        continue;
                    }
                    IntVar lastP = last.computeIfAbsent(p, k -> {
                        List<HostClass> of = byPrimary.get(k);
                        IntVar v = cp.newIntVar(0, slots, "last_" + k);
                        BoolVar all = cp.newBoolVar("all_" + k);
                        allPlanned.put(k, all);
                        for (HostClass c : of) {
                            BoolVar[] u = inSlot(c, inSlot);
                            for (int b = 0; b < u.length; b++) {
                                cp.addGreaterOrEqual(LinearExpr.newBuilder().add(v).addTerm(u[b], -b), 0);
                            }
                            cp.addGreaterOrEqual(LinearExpr.newBuilder().addSum(z[c.index()]).addTerm(all, -c.size()),
                                    0);
                        }
                        derived.add(new Derived(v, m -> {
                            long max = 0;
                            for (HostClass c : of) {
                                for (int b = 0; b < z[c.index()].length; b++) {
                                    if (m.get(z[c.index()][b]) > 0) {
                                        max = Math.max(max, b);
                                    }
                                }
                            }
                            return max;
                        }));
                        derived.add(new Derived(all, m -> of.stream().allMatch(c -> Arrays.stream(z[c.index()])
                                .mapToLong(m::get).sum() == c.size()) ? 1 : 0));
                        return v;
                    });
                    IntVar firstS = first.computeIfAbsent(s, k -> {
                        List<HostClass> of = byPrimary.get(k);
                        IntVar v = cp.newIntVar(0, slots, "first_" + k);
                        for (HostClass c : of) {
                            BoolVar[] u = inSlot(c, inSlot);
                            for (int b = 0; b < u.length; b++) {
                                cp.addLessOrEqual(LinearExpr.newBuilder().add(v).addTerm(u[b], slots), b + slots);
                            }
                        }
                        derived.add(new Derived(v, m -> {
                            long min = slots;
                            for (HostClass c : of) {
                                for (int b = 0; b < z[c.index()].length; b++) {
                                    if (m.get(z[c.index()][b]) > 0) {
                                        min = Math.min(min, b);
                                    }
                                }
                            }
                            return min;
                        }));
                        return v;
                    });
                    cp.addGreaterOrEqual(LinearExpr.newBuilder().add(firstS).addTerm(lastP, -1), 1);
                    for (HostClass c : byPrimary.get(s)) {
                        cp.addLessOrEqual(LinearExpr.newBuilder().addSum(z[c.index()])
                                .addTerm(allPlanned.get(p), -c.size()), 0);
                    }
                }
            }
        }

        /** u[b] ⇔ some host of the class is in slot b. */
        private BoolVar[] inSlot(HostClass c, Map<Integer, BoolVar[]> cache) {
            return cache.computeIfAbsent(c.index(), k -> {
                IntVar[] row = z[c.index()];
                BoolVar[] u = new BoolVar[row.length];
                for (int b = 0; b < row.length; b++) {
                    IntVar v = row[b];
                    u[b] = cp.newBoolVar("in_slot_" + c.index() + "_" + b);
                    cp.addLessOrEqual(LinearExpr.newBuilder().add(v).addTerm(u[b], -c.size()), 0);
                    cp.addGreaterOrEqual(LinearExpr.newBuilder().add(v).addTerm(u[b], -1), 0);
                    derived.add(new Derived(u[b], m -> m.get(v) > 0 ? 1 : 0));
                }
                return u;
            });
        }

        /**
         * A redundant cut that gives the solver a lower bound on the window it cannot find quickly
         * by itself: with every plannable host planned, the window is at least
         * {@link #windowLowerBound()} steps. It holds for every plan that plans them all, so it removes
         * no such plan; with a host left out it asks nothing.
         */
        private void windowCut() {
            long bound = windowLowerBound();
            windowBound = bound;
            if (bound <= 0) {
                return;
            }
            LinearExprBuilder cut = LinearExpr.newBuilder().add(window);
            long plannable = 0;
            for (HostClass c : classes) {
                IntVar[] row = z[c.index()];
                if (row.length > 0) {
                    plannable += c.size();
                    cut.addWeightedSum(row, filled(row.length, -bound));
                }
            }
            // window ≥ bound − bound × (hosts left out), i.e. window − bound × planned ≥ bound × (1 − plannable)
            cp.addGreaterOrEqual(cut, bound * (1 - plannable));
        }

        /**
         * Steps the window needs at least when every plannable host is planned. A batch that takes a
         * host out for {@code ℓ} steps lasts at least {@code ℓ} steps and holds at most
         * {@code maxOut(s)} hosts of each service {@code s}, so the hosts of {@code s} that need at
         * least {@code ℓ_j} steps need at least {@code ⌈n / maxOut(s)⌉} batches that long. Services
         * on a prerequisite path never share a batch (each starts after the one before is done),
         * so along a path these counts add up; other services may share. Per length {@code ℓ_j}
         * the batches at least that long number at least the largest of these, and the batches'
         * time is at least {@code Σ_j (ℓ_j − ℓ_{j−1}) × count_j}. Batches update at most
         * {@code max_concurrent_regions} regions: with one, each region's batches come one after
         * another, so the regions' times add up.
         */
        long windowLowerBound() {
            List<HostClass> plannable = classes.stream().filter(c -> z[c.index()].length > 0).toList();
            if (plannable.isEmpty()) {
                return 0;
            }
            int r = problem.policy().maxConcurrentRegions();
            long global = batchTime(plannable);
            long regional = 0;
            long widest = 0;
            for (String region : regions) {
                long time = batchTime(plannable.stream().filter(c -> c.sample().region().equals(region)).toList());
                regional += time;
                widest = Math.max(widest, time);
            }
            long byRegions = regionsFree ? widest : Math.max(widest, (regional + r - 1) / r);
            return Math.max(global, byRegions);
        }

        /** The least time batches holding {@code in} need: per update length, the most batches any service or path needs. */
        private long batchTime(List<HostClass> in) {
            long total = 0;
            for (int j = 0; j < lengths.length; j++) {
                Map<String, Integer> all = new HashMap<>();
                Map<String, Integer> own = new HashMap<>();
                for (HostClass c : in) {
                    if (c.lengthIndex() >= j) {
                        c.services().forEach(s -> all.merge(s, c.size(), Integer::sum));
                        own.merge(c.primary(), c.size(), Integer::sum);
                    }
                }
                long count = 0;
                for (var e : all.entrySet()) {
                    count = Math.max(count, batches(e.getKey(), e.getValue()));
                }
                Map<String, Long> ownBatches = new HashMap<>();
                own.forEach((s, n) -> ownBatches.put(s, batches(s, n)));
                Map<String, Long> memo = new HashMap<>();
                for (String s : ownBatches.keySet()) {
                    count = Math.max(count, longestPath(s, ownBatches, memo, new HashSet<>()));
                }
                total += (lengths[j] - (j == 0 ? 0 : lengths[j - 1])) * count;
            }
            return total;
        }

        private long batches(String service, int hosts) {
            int out = maxOut.get(service);
            return (hosts + out - 1) / out;
        }

        private long longestPath(String s, Map<String, Long> own, Map<String, Long> memo, Set<String> visiting) {
            Long known = memo.get(s);
            if (known != null) {
                return known;
            }
            if (!visiting.add(s)) {
                return 0;
            }
            long before = 0;
            for (String p : problem.prerequisitesOf(s)) {
                if (!p.equals(s) && own.containsKey(p)) {
                    before = Math.max(before, longestPath(p, own, memo, visiting));
                }
            }
            visiting.remove(s);
            long value = before + own.getOrDefault(s, 0L);
            memo.put(s, value);
            return value;
        }

        /** Minimise PlanCheck's objective, in {@link #SCALE} units rounded down; keep surge under the budget. */
        private void objectiveAndBudget() {
            double hours = problem.stepHours();
            LinearExprBuilder goal = LinearExpr.newBuilder();
            goal.addTerm(window, (long) Math.floor(objective.perWindowHour() * hours * SCALE));
            long maxSpanSteps = lengths.length == 0 ? 0 : lengths[lengths.length - 1] + leadSteps + stabilisationSteps;
            // a spot instance's risk (PlanCheck.spotRisk) is linear in its hours until it saturates at 1;
            // rounded down beyond, so the bound stays a bound
            double spotPerHour = PlanCheck.SPOT_RISK_PER_INSTANCE * Math.min(PlanCheck.SPOT_INTERRUPTIONS_PER_HOUR,
                    1 / Math.max(1e-9, maxSpanSteps * hours));
            boolean spotAllowed = problem.policy().spotAllowed();
            Optional<Double> budget = problem.policy().budgetUsd();
            LinearExprBuilder spend = LinearExpr.newBuilder();
            Map<Integer, List<SurgeVar>> bySlot = new LinkedHashMap<>();
            surge.forEach(v -> bySlot.computeIfAbsent(v.b(), k -> new ArrayList<>()).add(v));
            for (var e : bySlot.entrySet()) {
                int b = e.getKey();
                LinearExprBuilder perInstanceStep = LinearExpr.newBuilder();
                LinearExprBuilder usdPerStep = LinearExpr.newBuilder();
                long maxPer = 0;
                long maxUsd = 0;
                Map<IntVar, Long> units = new HashMap<>();
                Map<IntVar, Long> usds = new HashMap<>();
                Map<IntVar, Long> spans = new HashMap<>();
                for (SurgeVar v : e.getValue()) {
                    SurgeOption o = v.option();
                    long unit = (long) Math.floor(perStep(o, spotPerHour) * SCALE);
                    long usd = (long) Math.ceil(hours * o.hourlyUsd(spotAllowed) * 1e6);
                    perInstanceStep.addTerm(v.count(), unit);
                    usdPerStep.addTerm(v.count(), usd);
                    units.put(v.count(), unit);
                    usds.put(v.count(), usd);
                    maxPer += unit * v.count().getDomain().max();
                    maxUsd += usd * v.count().getDomain().max();
                }
                // a reservation runs from the lead time before its batch to the end of stabilisation after it
                LinearExprBuilder span = LinearExpr.newBuilder();
                long maxSpan = 0;
                long minSpan = Long.MAX_VALUE;
                for (int k = 0; k < lengths.length; k++) {
                    long spanSteps = lengths[k] + leadSteps + stabilisationSteps;
                    span.addTerm(len[b][k], spanSteps);
                    spans.put(len[b][k], spanSteps);
                    maxSpan = Math.max(maxSpan, spanSteps);
                    minSpan = Math.min(minSpan, spanSteps);
                }
                IntVar per = cp.newIntVar(0, maxPer, "surge_rate_" + b);
                cp.addEquality(per, perInstanceStep);
                IntVar spanVar = cp.newIntVar(0, maxSpan, "surge_span_" + b);
                cp.addEquality(spanVar, span);
                IntVar cost = cp.newIntVar(0, maxPer * maxSpan, "surge_cost_" + b);
                cp.addMultiplicationEquality(cost, per, spanVar);
                derived.add(new Derived(per, m -> weighted(m, units)));
                derived.add(new Derived(spanVar, m -> weighted(m, spans)));
                derived.add(new Derived(cost, m -> weighted(m, units) * weighted(m, spans)));
                // redundant, for the bound: every reservation lasts at least the shortest span
                cp.addGreaterOrEqual(LinearExpr.newBuilder().add(cost).addTerm(per, -minSpan), 0);
                goal.add(cost);
                if (budget.isPresent()) {
                    IntVar usd = cp.newIntVar(0, maxUsd, "surge_usd_rate_" + b);
                    cp.addEquality(usd, usdPerStep);
                    IntVar usdCost = cp.newIntVar(0, maxUsd * maxSpan, "surge_usd_" + b);
                    cp.addMultiplicationEquality(usdCost, usd, spanVar);
                    derived.add(new Derived(usd, m -> weighted(m, usds)));
                    derived.add(new Derived(usdCost, m -> weighted(m, usds) * weighted(m, spans)));
                    spend.add(usdCost);
                }
            }
            if (budget.isPresent()) {
                cp.addLessOrEqual(spend, (long) Math.floor(budget.get() * 1e6));
            }
            long constant = unplannedUnits * (classes.stream().mapToLong(HostClass::size).sum() + excluded.size());
            for (HostClass c : classes) {
                IntVar[] row = z[c.index()];
                goal.addWeightedSum(row, filled(row.length, c.riskUnits() - unplannedUnits));
            }
            goal.add(constant);
            // the same bound on the objective as a whole, so the solver knows it before its first LP:
            // a plan that updates every plannable host pays their risk and the window's lower bound; one
            // that leaves a host out pays more than the whole window costs, less that host's risk
            long perStepUnits = (long) Math.floor(objective.perWindowHour() * hours * SCALE);
            long maxRisk = classes.stream().filter(c -> z[c.index()].length > 0).mapToLong(HostClass::riskUnits)
                    .max().orElse(0);
            long never = unplannedUnits * (excluded.size() + classes.stream().filter(c -> z[c.index()].length == 0)
                    .mapToLong(HostClass::size).sum());
            lowestUnits = never + fixedUnits + Math.min(perStepUnits * windowBound, unplannedUnits - maxRisk);
            cp.addGreaterOrEqual(goal, lowestUnits);
            cp.minimize(goal);
        }

        private static long weighted(Map<IntVar, Long> values, Map<IntVar, Long> weights) {
            long sum = 0;
            for (var e : weights.entrySet()) {
                sum += values.get(e.getKey()) * e.getValue();
            }
            return sum;
        }

        private long[] filled(int n, long value) {
            long[] out = new long[n];
            Arrays.fill(out, value);
            return out;
        }

        /**
         * Starts the search from the heuristic plan, batch i in slot i: every variable gets the
         * value the plan implies, so that, when the plan keeps the model's rounded rules, it is the
         * first solution.
         */
        void hint(Plan plan) {
            if (plan.batches().size() > slots) {
                return;
            }
            Map<IntVar, Long> m = new HashMap<>();
            int last = 0;
            for (int b = 0; b < slots; b++) {
                for (BoolVar l : len[b]) {
                    m.put(l, 0L);
                }
                if (reg != null) {
                    for (BoolVar r : reg[b]) {
                        m.put(r, 0L);
                    }
                }
            }
            for (IntVar[] row : z) {
                for (IntVar v : row) {
                    m.put(v, 0L);
                }
            }
            surge.forEach(v -> m.put(v.count(), 0L));
            for (int b = 0; b < plan.batches().size(); b++) {
                Plan.Batch batch = plan.batches().get(b);
                int k = Arrays.binarySearch(lengths, batch.endStep() - batch.startStep());
                if (k < 0) {
                    return;
                }
                m.put(start[b], (long) batch.startStep());
                m.put(len[b][k], 1L);
                last = batch.endStep();
                for (String id : batch.hosts()) {
                    HostClass c = classOf.get(id);
                    if (c == null || z[c.index()].length == 0) {
                        return;
                    }
                    m.merge(z[c.index()][b], 1L, Long::sum);
                    if (reg != null) {
                        m.put(reg[b][regions.indexOf(c.sample().region())], 1L);
                    }
                }
                for (Plan.Reservation r : batch.reservations()) {
                    SurgeVar v = surgeFor(r, b);
                    if (v != null) {
                        m.merge(v.count(), (long) r.count(), Long::sum);
                    }
                }
            }
            for (int b = plan.batches().size(); b < slots; b++) {
                m.put(start[b], (long) last);
            }
            m.put(window, (long) last);
            for (Derived d : derived) {
                m.put(d.var(), d.value().applyAsLong(m));
            }
            m.forEach((v, value) -> cp.addHint(v, value));
        }

        /** The model's surge variable for a heuristic reservation: its type, or one with more cores for no more. */
        private SurgeVar surgeFor(Plan.Reservation r, int b) {
            boolean spot = problem.policy().spotAllowed();
            SurgeOption given = problem.surgeOptions().getOrDefault(r.region(), List.of()).stream()
                    .filter(o -> o.instanceType().equals(r.instanceType())).findFirst().orElse(null);
            SurgeVar best = null;
            for (SurgeVar v : surge) {
                if (v.b() != b || !v.service().equals(r.service()) || !v.option().region().equals(r.region())) {
                    continue;
                }
                SurgeOption o = v.option();
                if (o.instanceType().equals(r.instanceType()) && o.useSpot(spot) == r.spot()) {
                    return v;
                }
                if (given != null && o.cores() >= given.cores() && o.hourlyUsd(spot) <= given.hourlyUsd(spot)) {
                    best = v;
                }
            }
            return best;
        }

        // ---- back to a plan ----

        Plan extract(ToLongFunction<IntVar> value, Optional<Double> bound) {
            // which hosts of a class are planned: the riskiest, as the objective's mean risk assumes;
            // among them, higher priority goes earlier
            Map<Integer, Chosen> queues = new HashMap<>();
            List<PlanHost> left = new ArrayList<>();
            for (HostClass c : classes) {
                long planned = Arrays.stream(z[c.index()]).mapToLong(value).sum();
                List<PlanHost> byRisk = new ArrayList<>(c.members());
                byRisk.sort(Comparator.comparingDouble((PlanHost h) -> -risk(h)).thenComparing(PlanHost::id));
                List<PlanHost> chosen = new ArrayList<>(byRisk.subList(0, (int) Math.min(planned, byRisk.size())));
                left.addAll(byRisk.subList(chosen.size(), byRisk.size()));
                chosen.sort(Comparator.comparingDouble((PlanHost h) -> -HeuristicPlanner.priority(problem, h))
                        .thenComparing(PlanHost::id));
                queues.put(c.index(), new Chosen(chosen));
            }
            boolean spotAllowed = problem.policy().spotAllowed();
            List<Plan.Batch> batches = new ArrayList<>();
            for (int b = 0; b < slots; b++) {
                if (value.applyAsLong(used[b]) == 0) {
                    continue;
                }
                List<PlanHost> hosts = new ArrayList<>();
                for (HostClass c : classes) {
                    if (z[c.index()].length > 0) {
                        for (long i = value.applyAsLong(z[c.index()][b]); i > 0; i--) {
                            hosts.add(queues.get(c.index()).next());
                        }
                    }
                }
                if (hosts.isEmpty()) {
                    continue;
                }
                hosts.sort(Comparator.comparingDouble((PlanHost h) -> -HeuristicPlanner.priority(problem, h))
                        .thenComparing(PlanHost::id));
                int from = (int) value.applyAsLong(start[b]);
                int to = (int) value.applyAsLong(end[b]);
                List<Plan.Reservation> rs = new ArrayList<>();
                for (SurgeVar v : surge) {
                    long n = v.b() == b ? value.applyAsLong(v.count()) : 0;
                    if (n <= 0) {
                        continue;
                    }
                    SurgeOption o = v.option();
                    int rFrom = from - leadSteps;
                    int rTo = to + stabilisationSteps;
                    double cost = n * o.hourlyUsd(spotAllowed) * (rTo - rFrom) * problem.stepHours();
                    rs.add(new Plan.Reservation(v.service(), o.region(), o.instanceType(), (int) n,
                            o.useSpot(spotAllowed), rFrom, rTo, o.cores(), PlanCheck.round(cost, 4)));
                }
                rs.sort(Comparator.comparing(Plan.Reservation::service).thenComparing(Plan.Reservation::region)
                        .thenComparing(Plan.Reservation::instanceType));
                batches.add(new Plan.Batch(batches.size() + 1, from, to, hosts.stream().map(PlanHost::id).toList(), rs,
                        WorkloadMigrations.plan(problem, hosts), ""));
            }
            return explain(batches, left, bound);
        }

        /**
         * The plan of {@code batches}, with a reason for every host, the binding rule of every
         * batch, the hosts of the model left out ({@code left}) and the ones outside it, and the gap
         * to {@code bound}.
         */
        Plan explain(List<Plan.Batch> batches, List<PlanHost> left, Optional<Double> bound) {
            Map<String, PlanHost> byId = new HashMap<>();
            problem.hosts().forEach(h -> byId.put(h.id(), h));
            Map<String, String> reasons = new LinkedHashMap<>();
            for (Plan.Batch b : batches) {
                for (String id : b.hosts()) {
                    reasons.put(id, reason(b.index(), b.startStep(), byId.get(id), b.reservations()));
                }
            }
            List<Plan.Unplanned> unplanned = new ArrayList<>();
            excluded.forEach((id, why) -> unplanned.add(new Plan.Unplanned(id, why)));
            Map<String, String> heuristicReasons = new HashMap<>();
            heuristic.unplanned().forEach(u -> heuristicReasons.put(u.host(), u.reason()));
            List<PlanHost> leftOut = new ArrayList<>(left);
            leftOut.sort(Comparator.comparing(PlanHost::id));
            for (PlanHost h : leftOut) {
                unplanned.add(new Plan.Unplanned(h.id(), heuristicReasons.getOrDefault(h.id(),
                        "the constraint solver found no batch for it that keeps every rule inside the window")));
            }
            batches = SolverBindings.withBindings(problem, batches, leftOut, maxOut, minIn);
            List<String> notes = new ArrayList<>(problem.notes());
            notes.addAll(Explanations.preExistingShortfalls(problem));
            if (!unplanned.isEmpty()) {
                notes.addAll(Explanations.infeasibility(problem, unplanned));
            }
            Plan.Summary first = PlanCheck.summarise(problem, batches, unplanned.size(), objective, Optional.empty());
            Plan.Summary summary = PlanCheck.summarise(problem, batches, unplanned.size(), objective,
                    bound.map(x -> gap(first.objective(), x)));
            return new Plan(problem.scenario(), name(), problem.policy(), problem.start(), problem.step(), batches,
                    unplanned, reasons, summary, notes);
        }

        /** A seed plan (a greedy one) in the constraint planner's words. */
        Plan explainSeed(Plan seed, Optional<Double> bound) {
            Set<String> planned = new HashSet<>();
            seed.batches().forEach(b -> planned.addAll(b.hosts()));
            List<PlanHost> left = classes.stream().flatMap(c -> c.members().stream())
                    .filter(h -> !planned.contains(h.id())).toList();
            return explain(seed.batches(), left, bound);
        }

        private String reason(int index, int start, PlanHost h, List<Plan.Reservation> rs) {
            StringBuilder why = new StringBuilder("batch " + index + " at " + HeuristicPlanner.clock(problem.time(start))
                    + ", chosen by the constraint planner for the lowest window length, surge cost, energy and risk: "
                    + "priority " + String.format(Locale.ROOT, "%.2f", HeuristicPlanner.priority(problem, h))
                    + " (load score " + Math.round(h.loadScore()) + ", criticality " + h.criticality().label() + ")");
            List<Plan.Reservation> own = rs.stream().filter(r -> r.service().equals(h.service())).toList();
            if (own.isEmpty()) {
                why.append("; ").append(h.service()).append(" has the headroom without surge");
            } else {
                why.append("; ").append(h.service()).append(" keeps its capacity rule with ");
                for (int i = 0; i < own.size(); i++) {
                    Plan.Reservation r = own.get(i);
                    why.append(i == 0 ? "" : " and ").append(r.count()).append(r.spot() ? " spot " : " on-demand ")
                            .append(r.instanceType());
                }
                why.append(" of surge");
            }
            return why.toString();
        }
    }

    /** The members of a class chosen for the plan, in priority order, handed out one by one. */
    private static final class Chosen {
        private final List<PlanHost> members;
        private int next;

        Chosen(List<PlanHost> members) {
            this.members = members;
        }

        PlanHost next() {
            return members.get(next++);
        }
    }
}
