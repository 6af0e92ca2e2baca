package dev.headroom.plan;

import dev.headroom.domain.Objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A local search over batch sequences that improves a greedy plan before the constraint solver
 * starts from it. CP-SAT's own search moves slowly on the batch-slot model (a handful of
 * improvements in ten seconds on 500 hosts), while a plan here is a short list of batches whose
 * objective can be recomputed in microseconds, so hundreds of thousands of moves fit in the
 * time a warm start may take.
 *
 * <p>A state is a sequence of batches, each with a count per host class (hosts the rules cannot tell
 * apart, as in the solver's model) and the idle steps before it; batches follow one another, so a
 * batch starts when the one before ends plus its idle steps. The rules are the solver model's:
 * batch fraction, regions per batch, dependency order (every batch holding a prerequisite's host
 * comes before every batch holding a host that waits for it), window end, and the capacity and
 * min-healthy rules met with the cheapest surge in a region the batch updates, sized for the worst
 * step the batch covers and reserved from the lead time before it to the end of stabilisation.
 * Moves: hosts of a class to another or a new batch, a batch to another place, two batches
 * swapped, an idle step added or removed; simulated annealing accepts some worse states so that
 * the search leaves the greedy plan's neighbourhood. The result is a plan like any other:
 * {@link PlanCheck} measures it and the solver keeps it only when it has no predicted violation.
 *
 * <p>Not used under a budget (spend is not tracked here) nor when a host cannot be planned.
 */
final class SequenceSearch {
    private static final double EPS = 1e-6;
    private static final long MILLI = CpSatPlanner.MILLI;

    private final PlanningProblem problem;
    private final Objective objective;
    private final int steps;
    private final int leadSteps;
    private final int stabilisationSteps;
    private final int maxRegions;
    private final double perWindowStep;
    private final boolean spotAllowed;

    // host classes
    private final List<List<PlanHost>> members = new ArrayList<>();
    private int[] classSize;
    private int[] classRegion;
    private int[] classLen;
    private int[] classPrimary;
    private int[][] classServices;
    private long[] classMilli;
    private final Map<String, Integer> classOfHost = new HashMap<>();

    // services
    private final List<String> services = new ArrayList<>();
    private final Map<String, Integer> serviceIndex = new HashMap<>();
    private long[] capacity;
    private long[][] required;
    private int[] maxOut;
    private int[] spare;
    /** regionsOf[s][r]: s has a host to update in region r, so its surge may go there. */
    private boolean[][] regionsOf;
    /** before[d]: primary services whose every host must be updated before any host of d. */
    private int[][] before;

    private final List<String> regions = new ArrayList<>();
    private List<List<SurgeOption>> options;
    private final Map<SurgeNeed, Surge> surgeMemo = new HashMap<>();

    private record SurgeNeed(int region, long milliCores, int instances) {
    }

    /** The cheapest surge for a need: {@code na} instances of {@code a} and {@code nb} of {@code b}, per step. */
    private record Surge(SurgeOption a, int na, SurgeOption b, int nb, double perStep) {
    }

    SequenceSearch(PlanningProblem problem, Objective objective, int leadSteps, int stabilisationSteps) {
        this.problem = problem;
        this.objective = objective;
        this.steps = problem.steps();
        this.leadSteps = leadSteps;
        this.stabilisationSteps = stabilisationSteps;
        this.maxRegions = problem.policy().maxConcurrentRegions();
        this.perWindowStep = objective.perWindowHour() * problem.stepHours();
        this.spotAllowed = problem.policy().spotAllowed();
    }

    /**
     * A plan at least as good as {@code start} under this search's measure, found before
     * {@code deadline} (System.nanoTime); empty when the search does not apply.
     */
    Optional<Plan> improve(Plan start, long deadline, long randomSeed) {
        if (!services.isEmpty()) {
            throw new IllegalStateException("a sequence search improves one plan; make another for the next");
        }
        if (problem.policy().budgetUsd().isPresent() || !problem.unplannable().isEmpty()
                || !start.unplanned().isEmpty() || start.batches().isEmpty()) {
            return Optional.empty();
        }
        index(start);
        State initial = state(start);
        if (initial == null || !Double.isFinite(cost(initial))) {
            return Optional.empty();
        }
        State best = anneal(initial, deadline, new SplittableRandom(randomSeed));
        return Optional.of(toPlan(best));
    }

    // ---- problem data ----

    private void index(Plan start) {
        Map<String, List<PlanHost>> byService = problem.hostsByService();
        Map<String, PlanHost> byId = new HashMap<>();
        problem.hosts().forEach(h -> byId.put(h.id(), h));
        Map<List<Object>, List<PlanHost>> groups = new LinkedHashMap<>();
        for (Plan.Batch b : start.batches()) {
            for (String id : b.hosts()) {
                PlanHost h = byId.get(id);
                groups.computeIfAbsent(List.of(h.services(), h.region(), h.cores(), h.updateSteps()),
                        k -> new ArrayList<>()).add(h);
            }
        }
        for (List<PlanHost> g : groups.values()) {
            for (PlanHost h : g) {
                for (String s : h.services()) {
                    serviceIndex.computeIfAbsent(s, k -> {
                        services.add(k);
                        return services.size() - 1;
                    });
                }
                if (!regions.contains(h.region())) {
                    regions.add(h.region());
                }
            }
        }
        int n = groups.size();
        classSize = new int[n];
        classRegion = new int[n];
        classLen = new int[n];
        classPrimary = new int[n];
        classServices = new int[n][];
        classMilli = new long[n];
        int c = 0;
        for (List<PlanHost> g : groups.values()) {
            PlanHost h = g.get(0);
            List<PlanHost> sorted = new ArrayList<>(g);
            sorted.sort(Comparator.comparingDouble((PlanHost x) -> -HeuristicPlanner.priority(problem, x))
                    .thenComparing(PlanHost::id));
            members.add(sorted);
            classSize[c] = g.size();
            classRegion[c] = regions.indexOf(h.region());
            classLen[c] = h.updateSteps();
            classPrimary[c] = serviceIndex.get(h.service());
            classServices[c] = h.services().stream().mapToInt(serviceIndex::get).toArray();
            classMilli[c] = (long) Math.ceil(h.coresPerService() * MILLI - EPS);
            for (PlanHost x : g) {
                classOfHost.put(x.id(), c);
            }
            c++;
        }
        int s = services.size();
        capacity = new long[s];
        required = new long[s][steps];
        maxOut = new int[s];
        spare = new int[s];
        regionsOf = new boolean[s][regions.size()];
        before = new int[s][];
        for (int i = 0; i < s; i++) {
            String name = services.get(i);
            ServiceDemand d = problem.demands().get(name);
            int hosts = byService.get(name).size();
            capacity[i] = (long) Math.floor(d.capacityCores() * MILLI + EPS);
            for (int t = 0; t < steps; t++) {
                required[i][t] = (long) Math.ceil(d.requiredCoresAt(t) * MILLI - EPS);
            }
            maxOut[i] = Math.max(1, (int) Math.floor(problem.policy().maxBatchFraction() * hosts + 1e-9));
            spare[i] = hosts - (int) Math.ceil(d.minHealthyFraction() * hosts - 1e-9);
            before[i] = problem.prerequisitesOf(name).stream().filter(p -> !p.equals(name))
                    .filter(serviceIndex::containsKey).mapToInt(serviceIndex::get).toArray();
        }
        for (int k = 0; k < n; k++) {
            for (int sv : classServices[k]) {
                regionsOf[sv][classRegion[k]] = true;
            }
        }
        options = new ArrayList<>();
        for (String r : regions) {
            options.add(surgeChoices(problem, objective, r));
        }
    }

    /**
     * The surge choices of a region: each instance type, and where spot is allowed also its on-demand
     * form (spot is cheaper but riskier), without those another choice beats on cores, objective
     * cost and, under a budget, price alike. The solver model offers the same.
     */
    static List<SurgeOption> surgeChoices(PlanningProblem problem, Objective objective, String region) {
        boolean spot = problem.policy().spotAllowed();
        boolean budget = problem.policy().budgetUsd().isPresent();
        List<SurgeOption> all = new ArrayList<>();
        for (SurgeOption o : problem.surgeOptions().getOrDefault(region, List.of())) {
            all.add(o);
            if (o.useSpot(spot)) {
                all.add(new SurgeOption(o.region(), o.instanceType(), o.cores(), o.onDemandHourlyUsd(), 0));
            }
        }
        List<SurgeOption> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            SurgeOption o = all.get(i);
            boolean dominated = false;
            for (int j = 0; j < all.size() && !dominated; j++) {
                SurgeOption p = all.get(j);
                if (i == j) {
                    continue;
                }
                double po = perStep(problem, objective, o);
                double pp = perStep(problem, objective, p);
                boolean noWorse = p.cores() >= o.cores() && pp <= po
                        && (!budget || p.hourlyUsd(spot) <= o.hourlyUsd(spot));
                boolean better = p.cores() > o.cores() || pp < po || budget && p.hourlyUsd(spot) < o.hourlyUsd(spot);
                dominated = noWorse && (better || j < i);
            }
            if (!dominated) {
                out.add(o);
            }
        }
        return out;
    }

    /** Objective points one instance of {@code o} costs per planning step: price, energy and spot risk. */
    static double perStep(PlanningProblem problem, Objective objective, SurgeOption o) {
        boolean spot = problem.policy().spotAllowed();
        double spotRisk = PlanCheck.SPOT_RISK_PER_INSTANCE * PlanCheck.SPOT_INTERRUPTIONS_PER_HOUR;
        return problem.stepHours() * (objective.perUsd() * o.hourlyUsd(spot)
                + objective.perKwh() * o.cores() * PlanCheck.WATTS_PER_CORE / 1000
                + objective.perRisk() * (o.useSpot(spot) ? spotRisk : 0));
    }

    private static long milli(SurgeOption o) {
        return (long) Math.floor(o.cores() * MILLI + EPS);
    }

    /** The cheapest mix of at most two choices of region {@code r} with {@code need} milli-cores and {@code count} instances. */
    private Surge surge(int r, long need, int count) {
        SurgeNeed key = new SurgeNeed(r, need, count);
        Surge known = surgeMemo.get(key);
        if (known != null || surgeMemo.containsKey(key)) {
            return known;
        }
        Surge best = null;
        List<SurgeOption> os = options.get(r);
        for (SurgeOption a : os) {
            long ca = milli(a);
            if (ca <= 0) {
                continue;
            }
            int most = (int) Math.max(count, (need + ca - 1) / ca);
            for (SurgeOption b : os) {
                long cb = milli(b);
                if (cb <= 0) {
                    continue;
                }
                for (int na = 0; na <= most; na++) {
                    long rest = Math.max(0, need - na * ca);
                    int nb = (int) Math.max(Math.max(0, count - na), (rest + cb - 1) / cb);
                    double value = na * perStep(problem, objective, a) + nb * perStep(problem, objective, b);
                    if (best == null || value < best.perStep() - 1e-12) {
                        best = new Surge(a, na, b, nb, value);
                    }
                }
            }
        }
        surgeMemo.put(key, best);
        return best;
    }

    // ---- states ----

    /**
     * One batch's hosts and what follows from them alone: its length, whether it keeps the batch
     * fraction and region rules, and its surge cost by start step (filled as starts are tried).
     * Immutable, so states share the batches a move leaves alone.
     */
    private final class Batch {
        final int[] counts;
        final int length;
        final boolean valid;
        final long[] primaries;
        final int[] touched;
        final int[] count;
        final long[] lost;
        final boolean[] region;
        private final double[] costAt;

        Batch(int[] counts) {
            this.counts = counts;
            int nServices = services.size();
            int[] perService = new int[nServices];
            long[] lostPer = new long[nServices];
            region = new boolean[regions.size()];
            primaries = new long[(nServices + 63) / 64];
            int len = 0;
            int regionsTouched = 0;
            for (int c = 0; c < counts.length; c++) {
                int k = counts[c];
                if (k == 0) {
                    continue;
                }
                len = Math.max(len, classLen[c]);
                if (!region[classRegion[c]]) {
                    region[classRegion[c]] = true;
                    regionsTouched++;
                }
                for (int sv : classServices[c]) {
                    perService[sv] += k;
                    lostPer[sv] += k * classMilli[c];
                }
                primaries[classPrimary[c] >> 6] |= 1L << (classPrimary[c] & 63);
            }
            boolean ok = len > 0 && regionsTouched <= maxRegions;
            int n = 0;
            for (int sv = 0; sv < nServices; sv++) {
                if (perService[sv] > 0) {
                    n++;
                    ok &= perService[sv] <= maxOut[sv];
                }
            }
            touched = new int[n];
            count = new int[n];
            lost = new long[n];
            n = 0;
            for (int sv = 0; sv < nServices; sv++) {
                if (perService[sv] > 0) {
                    touched[n] = sv;
                    count[n] = perService[sv];
                    lost[n] = lostPer[sv];
                    n++;
                }
            }
            this.length = len;
            this.valid = ok;
            this.costAt = new double[steps + 1];
            Arrays.fill(costAt, Double.NaN);
        }

        boolean empty() {
            return length == 0;
        }

        /** Objective points of the surge this batch needs when it starts at {@code start}; infinite when none can be had. */
        double surgeCost(int start) {
            double known = costAt[start];
            if (!Double.isNaN(known)) {
                return known;
            }
            double total = 0;
            int span = length + leadSteps + stabilisationSteps;
            for (int i = 0; i < touched.length && Double.isFinite(total); i++) {
                Surge g = cheapest(touched[i], count[i], lost[i], start, start + length, region);
                total = g == null ? Double.POSITIVE_INFINITY : total + g.perStep() * span;
            }
            costAt[start] = total;
            return total;
        }
    }

    /** The cheapest surge for service {@code sv} with hosts out from {@code start} to {@code end}; NONE when it needs none. */
    private Surge cheapest(int sv, int out, long lostMilli, int start, int end, boolean[] region) {
        long worst = 0;
        for (int u = start; u < end; u++) {
            worst = Math.max(worst, required[sv][u]);
        }
        long need = Math.max(0, worst + lostMilli - capacity[sv]);
        int instances = Math.max(0, out - spare[sv]);
        if (need == 0 && instances == 0) {
            return NONE;
        }
        Surge best = null;
        for (int r = 0; r < region.length; r++) {
            if (region[r] && regionsOf[sv][r]) {
                Surge g = surge(r, need, instances);
                if (g != null && (best == null || g.perStep() < best.perStep())) {
                    best = g;
                }
            }
        }
        return best;
    }

    private static final Surge NONE = new Surge(null, 0, null, 0, 0);

    /** Batches in order, and the idle steps before each. */
    private static final class State {
        final List<Batch> batches;
        final List<Integer> idle;

        State(List<Batch> batches, List<Integer> idle) {
            this.batches = batches;
            this.idle = idle;
        }

        State copy() {
            return new State(new ArrayList<>(batches), new ArrayList<>(idle));
        }
    }

    private State state(Plan plan) {
        List<Batch> out = new ArrayList<>();
        List<Integer> idle = new ArrayList<>();
        List<Plan.Batch> batches = new ArrayList<>(plan.batches());
        batches.sort(Comparator.comparingInt(Plan.Batch::startStep));
        int t = 0;
        for (Plan.Batch b : batches) {
            int[] row = new int[classSize.length];
            for (String id : b.hosts()) {
                row[classOfHost.get(id)]++;
            }
            if (b.startStep() < t) {
                return null; // overlapping batches: not a sequence this search can hold
            }
            Batch batch = new Batch(row);
            out.add(batch);
            // a batch held longer than its hosts need becomes idle time before the next one
            idle.add(b.startStep() - t);
            t = b.startStep() + batch.length;
        }
        return new State(out, idle);
    }

    /** The objective of a state less the fixed risk of its hosts; infinite when a rule is broken. */
    private double cost(State s) {
        int n = s.batches.size();
        double total = 0;
        int t = 0;
        for (int b = 0; b < n; b++) {
            Batch batch = s.batches.get(b);
            if (!batch.valid) {
                return Double.POSITIVE_INFINITY;
            }
            int start = t + s.idle.get(b);
            t = start + batch.length;
            if (t > steps) {
                return Double.POSITIVE_INFINITY;
            }
            total += batch.surgeCost(start);
        }
        if (!Double.isFinite(total) || !inOrder(s)) {
            return Double.POSITIVE_INFINITY;
        }
        return total + perWindowStep * t;
    }

    /** Every batch holding a prerequisite's host comes before every batch holding a host that waits for it. */
    private boolean inOrder(State s) {
        int nServices = services.size();
        int[] first = new int[nServices];
        int[] last = new int[nServices];
        Arrays.fill(first, Integer.MAX_VALUE);
        Arrays.fill(last, -1);
        for (int b = 0; b < s.batches.size(); b++) {
            long[] mask = s.batches.get(b).primaries;
            for (int w = 0; w < mask.length; w++) {
                long bits = mask[w];
                while (bits != 0) {
                    int sv = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    first[sv] = Math.min(first[sv], b);
                    last[sv] = b;
                }
            }
        }
        for (int d = 0; d < nServices; d++) {
            if (last[d] < 0) {
                continue;
            }
            for (int p : before[d]) {
                if (last[p] >= first[d]) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- the search ----

    private State anneal(State initial, long deadline, SplittableRandom random) {
        State current = initial;
        double currentCost = cost(current);
        State best = current;
        double bestCost = currentCost;
        long started = System.nanoTime();
        double span = Math.max(1, deadline - started);
        double hot = 2 * perWindowStep;
        double cold = 0.02 * perWindowStep;
        double temperature = hot;
        long iterations = 0;
        for (long it = 0; ; it++) {
            iterations = it;
            if ((it & 255) == 0) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                temperature = hot * Math.pow(cold / hot, (now - started) / span);
            }
            State next = move(current, random);
            if (next == null) {
                continue;
            }
            double c = cost(next);
            if (!Double.isFinite(c)) {
                continue;
            }
            if (c <= currentCost || random.nextDouble() < Math.exp((currentCost - c) / temperature)) {
                current = next;
                currentCost = c;
                if (c < bestCost - 1e-9) {
                    best = current;
                    bestCost = c;
                }
            }
        }
        if (Boolean.getBoolean("headroom.cpsat.log")) {
            System.err.printf(Locale.ROOT, "sequence search: %d moves, %.2f -> %.2f%n", iterations,
                    cost(initial), bestCost);
        }
        return best;
    }

    private State move(State s, SplittableRandom random) {
        int n = s.batches.size();
        int kind = random.nextInt(10);
        State x = s.copy();
        if (kind < 6) {
            // some hosts of a class to another batch, or to a new one
            int from = random.nextInt(n);
            int[] row = x.batches.get(from).counts.clone();
            int c = randomClass(row, random);
            if (c < 0) {
                return null;
            }
            int k = random.nextBoolean() ? row[c] : 1 + random.nextInt(row[c]);
            row[c] -= k;
            Batch source = new Batch(row);
            if (random.nextInt(8) == 0) {
                int[] fresh = new int[row.length];
                fresh[c] = k;
                int at = random.nextInt(n + 1);
                x.batches.add(at, new Batch(fresh));
                x.idle.add(at, 0);
                from = at <= from ? from + 1 : from;
            } else {
                int to = random.nextInt(n);
                if (to == from) {
                    return null;
                }
                int[] target = x.batches.get(to).counts.clone();
                target[c] += k;
                Batch grown = new Batch(target);
                if (!grown.valid) {
                    return null;
                }
                x.batches.set(to, grown);
            }
            x.batches.set(from, source);
            dropEmpty(x);
        } else if (kind < 8) {
            // a batch elsewhere in the sequence
            int from = random.nextInt(n);
            int to = random.nextInt(n);
            if (from == to) {
                return null;
            }
            x.batches.add(to, x.batches.remove(from));
        } else if (kind < 9) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            if (a == b) {
                return null;
            }
            Batch first = x.batches.get(a);
            x.batches.set(a, x.batches.get(b));
            x.batches.set(b, first);
        } else {
            int b = random.nextInt(n);
            int v = x.idle.get(b) + (random.nextBoolean() ? 1 : -1);
            if (v < 0) {
                return null;
            }
            x.idle.set(b, v);
        }
        return x;
    }

    private static int randomClass(int[] row, SplittableRandom random) {
        int present = 0;
        for (int v : row) {
            if (v > 0) {
                present++;
            }
        }
        if (present == 0) {
            return -1;
        }
        int pick = random.nextInt(present);
        for (int c = 0; c < row.length; c++) {
            if (row[c] > 0 && pick-- == 0) {
                return c;
            }
        }
        return -1;
    }

    private static void dropEmpty(State x) {
        for (int b = x.batches.size() - 1; b >= 0; b--) {
            if (x.batches.get(b).empty()) {
                x.batches.remove(b);
                int idle = x.idle.remove(b);
                // the idle time before an emptied batch stays before the next one, so nothing later moves earlier by itself
                if (b < x.idle.size()) {
                    x.idle.set(b, x.idle.get(b) + idle);
                }
            }
        }
    }

    // ---- back to a plan ----

    private Plan toPlan(State s) {
        int[] handedOut = new int[classSize.length];
        List<Plan.Batch> batches = new ArrayList<>();
        int t = 0;
        for (int b = 0; b < s.batches.size(); b++) {
            Batch batch = s.batches.get(b);
            int[] row = batch.counts;
            int start = t + s.idle.get(b);
            int end = start + batch.length;
            t = end;
            List<PlanHost> hosts = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
                for (int i = 0; i < row[c]; i++) {
                    hosts.add(members.get(c).get(handedOut[c]++));
                }
            }
            hosts.sort(Comparator.comparingDouble((PlanHost h) -> -HeuristicPlanner.priority(problem, h))
                    .thenComparing(PlanHost::id));
            List<Plan.Reservation> rs = new ArrayList<>();
            int from = start - leadSteps;
            int to = end + stabilisationSteps;
            for (int i = 0; i < batch.touched.length; i++) {
                Surge best = cheapest(batch.touched[i], batch.count[i], batch.lost[i], start, end, batch.region);
                if (best == null || best == NONE) {
                    continue;
                }
                Map<SurgeOption, Integer> mix = new LinkedHashMap<>();
                if (best.na() > 0) {
                    mix.merge(best.a(), best.na(), Integer::sum);
                }
                if (best.nb() > 0) {
                    mix.merge(best.b(), best.nb(), Integer::sum);
                }
                for (var e : mix.entrySet()) {
                    SurgeOption o = e.getKey();
                    int k = e.getValue();
                    double cost = k * o.hourlyUsd(spotAllowed) * (to - from) * problem.stepHours();
                    rs.add(new Plan.Reservation(services.get(batch.touched[i]), o.region(), o.instanceType(), k,
                            o.useSpot(spotAllowed), from, to, o.cores(), PlanCheck.round(cost, 4)));
                }
            }
            rs.sort(Comparator.comparing(Plan.Reservation::service).thenComparing(Plan.Reservation::region)
                    .thenComparing(Plan.Reservation::instanceType));
            batches.add(new Plan.Batch(b + 1, start, end, hosts.stream().map(PlanHost::id).toList(), rs,
                    WorkloadMigrations.plan(problem, hosts), ""));
        }
        Plan.Summary summary = PlanCheck.summarise(problem, batches, 0, objective, Optional.empty());
        return new Plan(problem.scenario(), "heuristic", problem.policy(), problem.start(), problem.step(), batches,
                List.of(), Map.of(), summary, List.of());
    }
}
