package dev.headroom.plan;

import dev.headroom.domain.Objective;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The instant planner: fills batches one after another, each with the hosts of highest priority
 * that keep every constraint, and sizes surge for each batch from the forecast.
 *
 * <p>Priority starts from seed 001's formula, turned the way the seed's text means it ("high
 * criticality / low capacity devices at the end of the queue"): {@code capacity_weight × (1 −
 * load score / 100) + criticality_weight × (1 − criticality)}. Improvements over the seed's
 * greedy: the batch's capacity is checked per service and per step against the forecast
 * quantile rather than as one aggregate number; where headroom is short, surge is reserved
 * (cheapest per batch, spot where allowed) when it is worth the window time it saves; when no
 * host fits at a step (a load peak), the batch waits for the peak to pass instead of failing; and
 * every decision keeps its reason.
 */
public final class HeuristicPlanner implements Planner {
    /** Time a surge instance needs before it serves load: reservations start this early. */
    public static final int LEAD_MINUTES = 10;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Optional<Objective> fixedObjective;

    /** A planner that weighs plans with {@code objective} whatever the policy says (tests, benchmarks). */
    public HeuristicPlanner(Objective objective) {
        this.fixedObjective = Optional.of(objective);
    }

    /** A planner that weighs plans with each problem's policy's objective. */
    public HeuristicPlanner() {
        this.fixedObjective = Optional.empty();
    }

    @Override
    public String name() {
        return "heuristic";
    }

    @Override
    public Plan plan(PlanningProblem problem) {
        return new Run(problem).plan();
    }

    /** Seed 001's priority, with criticality turned so that critical hosts go last. */
    public static double priority(PlanningProblem problem, PlanHost h) {
        double load = Math.max(0, Math.min(100, h.loadScore())) / 100;
        return problem.policy().capacityWeight() * (1 - load)
                + problem.policy().criticalityWeight() * (1 - h.criticality().score());
    }

    static String clock(Instant t) {
        return HHMM.format(t);
    }

    static String cores(double c) {
        return String.format(Locale.ROOT, "%.1f", c);
    }

    static String usd(double v) {
        return String.format(Locale.ROOT, "$%.2f", v);
    }

    private final class Run {
        private final PlanningProblem problem;
        private final Objective objective;
        private final Map<String, List<PlanHost>> byService;
        private final Map<String, Integer> maxOut = new HashMap<>();
        private final Map<String, Integer> minInService = new HashMap<>();
        private final Map<String, Integer> pending = new HashMap<>();
        private final Map<String, Rejection> lastRejection = new LinkedHashMap<>();
        private final Map<String, String> reasons = new LinkedHashMap<>();
        private final List<Plan.Unplanned> unplanned = new ArrayList<>();
        private final int leadSteps;
        private final int stabilisationSteps;
        private double spent;

        Run(PlanningProblem problem) {
            this.problem = problem;
            this.objective = fixedObjective.orElse(problem.policy().objective());
            this.byService = problem.hostsByService();
            long stepMinutes = Math.max(1, problem.step().toMinutes());
            this.leadSteps = (int) Math.ceil(LEAD_MINUTES / (double) stepMinutes);
            this.stabilisationSteps = (int) Math.ceil(problem.policy().stabilizationMinutes() / (double) stepMinutes);
            for (var e : byService.entrySet()) {
                int n = e.getValue().size();
                maxOut.put(e.getKey(), Math.max(1, (int) Math.floor(problem.policy().maxBatchFraction() * n + 1e-9)));
                minInService.put(e.getKey(), (int) Math.ceil(problem.demands().get(e.getKey()).minHealthyFraction() * n
                        - 1e-9));
            }
        }

        Plan plan() {
            List<PlanHost> remaining = new ArrayList<>(problem.candidates());
            remaining.sort(Comparator.comparingDouble((PlanHost h) -> -priority(problem, h)).thenComparing(PlanHost::id));
            problem.unplannable().forEach((id, why) -> unplanned.add(new Plan.Unplanned(id, why)));
            remaining.forEach(h -> pending.merge(h.service(), 1, Integer::sum));
            dropBlockedByUnplanned(remaining);

            List<Plan.Batch> batches = new ArrayList<>();
            int cursor = 0;
            int shortest = remaining.stream().mapToInt(PlanHost::updateSteps).min().orElse(1);
            while (!remaining.isEmpty()) {
                BatchBuilder batch = new BatchBuilder(cursor, batches.size() + 1);
                Rejection binding = null;
                for (PlanHost h : remaining) {
                    Rejection r = batch.tryAdd(h);
                    if (r != null) {
                        lastRejection.put(h.id(), r);
                        if (binding == null && r.constraint() != Constraint.ORDER) {
                            binding = r;
                        }
                    }
                }
                if (batch.hosts.isEmpty()) {
                    if (cursor + 1 + shortest <= problem.steps()) {
                        cursor++;
                        continue;
                    }
                    for (PlanHost h : remaining) {
                        Rejection r = lastRejection.get(h.id());
                        unplanned.add(new Plan.Unplanned(h.id(), r == null ? "no batch fits in the window"
                                : r.explain()));
                    }
                    break;
                }
                Plan.Batch b = batch.build(binding);
                batches.add(b);
                spent += b.surgeCostUsd();
                Set<String> done = new HashSet<>(b.hosts());
                remaining.removeIf(h -> done.contains(h.id()));
                for (PlanHost h : batch.hosts) {
                    pending.merge(h.service(), -1, Integer::sum);
                }
                cursor = b.endStep();
                shortest = remaining.stream().mapToInt(PlanHost::updateSteps).min().orElse(1);
            }
            List<String> notes = new ArrayList<>(problem.notes());
            notes.addAll(Explanations.preExistingShortfalls(problem));
            if (!unplanned.isEmpty()) {
                notes.addAll(Explanations.infeasibility(problem, unplanned));
            }
            Plan.Summary summary = PlanCheck.summarise(problem, batches, unplanned.size(), objective, Optional.empty());
            return new Plan(problem.scenario(), name(), problem.policy(), problem.start(), problem.step(), batches,
                    unplanned, reasons, summary, notes);
        }

        /** Hosts whose prerequisite service has hosts that can never be planned cannot be planned either. */
        private void dropBlockedByUnplanned(List<PlanHost> remaining) {
            Map<String, String> blockedServices = new HashMap<>();
            for (String id : problem.unplannable().keySet()) {
                problem.hosts().stream().filter(h -> h.id().equals(id)).findFirst()
                        .ifPresent(h -> blockedServices.putIfAbsent(h.service(), id));
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (PlanHost h : List.copyOf(remaining)) {
                    for (String p : problem.prerequisitesOf(h.service())) {
                        if (blockedServices.containsKey(p)) {
                            Rejection r = new Rejection(Constraint.PREREQUISITE_UNPLANNED, h.service() + " must wait for "
                                    + p + ", whose host " + blockedServices.get(p) + " cannot be planned");
                            unplanned.add(new Plan.Unplanned(h.id(), r.explain()));
                            remaining.remove(h);
                            pending.merge(h.service(), -1, Integer::sum);
                            blockedServices.putIfAbsent(h.service(), h.id());
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }

        /** A batch being filled at one start step. */
        private final class BatchBuilder {
            final int start;
            final int index;
            int end;
            final List<PlanHost> hosts = new ArrayList<>();
            final Set<String> regions = new LinkedHashSet<>();
            final Map<String, Integer> outCount = new HashMap<>();
            final Map<String, Double> outCores = new HashMap<>();
            final Map<String, Map<String, Integer>> outByRegion = new HashMap<>();
            final Map<String, Plan.Reservation> surge = new LinkedHashMap<>();

            BatchBuilder(int start, int index) {
                this.start = start;
                this.index = index;
                this.end = start;
            }

            double batchCost;

            Rejection tryAdd(PlanHost h) {
                for (String p : problem.prerequisitesOf(h.service())) {
                    if (!p.equals(h.service()) && pending.getOrDefault(p, 0) > 0) {
                        return new Rejection(Constraint.ORDER, h.service() + " waits until every host of " + p
                                + " is updated");
                    }
                }
                if (!regions.contains(h.region()) && regions.size() >= problem.policy().maxConcurrentRegions()) {
                    return new Rejection(Constraint.REGIONS, "max_concurrent_regions is "
                            + problem.policy().maxConcurrentRegions() + " and the batch already updates "
                            + String.join(", ", regions));
                }
                int newEnd = Math.max(end, start + h.updateSteps());
                if (newEnd > problem.steps()) {
                    return new Rejection(Constraint.WINDOW, "updating " + h.id() + " takes up to "
                            + problem.step().multipliedBy(h.updateSteps()).toMinutes() + " min; starting at "
                            + clock(problem.time(start)) + " it would end at " + clock(problem.time(newEnd))
                            + ", after the window ends at " + clock(problem.end()));
                }
                for (String s : h.services()) {
                    int out = outCount.getOrDefault(s, 0) + 1;
                    if (out > maxOut.get(s)) {
                        return new Rejection(Constraint.BATCH_FRACTION, "max_batch_fraction "
                                + problem.policy().maxBatchFraction() + " allows " + maxOut.get(s) + " of " + s + "'s "
                                + byService.get(s).size() + " hosts per batch, and the batch has them");
                    }
                }
                // tentative surge for every service whose out-of-service capacity or span changes; only
                // those are sized again, and the batch's surge map is copied only when the host joins
                List<String> affected = h.services();
                if (newEnd > end && !outCount.isEmpty()) {
                    Set<String> all = new LinkedHashSet<>(h.services());
                    all.addAll(outCount.keySet());
                    affected = List.copyOf(all);
                }
                Map<String, Plan.Reservation> changed = new HashMap<>();
                double added = 0;
                for (String s : affected) {
                    boolean own = h.services().contains(s);
                    double lost = outCores.getOrDefault(s, 0.0) + (own ? h.coresPerService() : 0);
                    int out = outCount.getOrDefault(s, 0) + (own ? 1 : 0);
                    Sizing sizing = size(s, lost, out, outByRegion.getOrDefault(s, Map.of()), own ? h.region() : null,
                            newEnd);
                    if (sizing.rejection != null) {
                        return sizing.rejection;
                    }
                    Plan.Reservation before = surge.get(s);
                    added += (sizing.reservation == null ? 0 : sizing.reservation.costUsd())
                            - (before == null ? 0 : before.costUsd());
                    changed.put(s, sizing.reservation);
                }
                double newCost = batchCost + added;
                Optional<Double> budget = problem.policy().budgetUsd();
                if (added > 1e-9 && budget.isPresent() && spent + newCost > budget.get() + 1e-9) {
                    return new Rejection(Constraint.BUDGET, "taking " + h.id() + " out needs surge that brings the plan to "
                            + usd(spent + newCost) + ", over budget_usd " + usd(budget.get()));
                }
                // surge is worth it when it costs less than the window time it saves: a host left for
                // a later batch adds at most that batch's length to the window
                double batchHours = (newEnd - start) * problem.stepHours();
                if (added > 1e-9 && !hosts.isEmpty()
                        && added * objective.perUsd() > objective.perWindowHour() * batchHours) {
                    return new Rejection(Constraint.SURGE_WORTH, "surge for " + h.id() + " would add " + usd(added)
                            + ", more than the " + String.format(Locale.ROOT, "%.1f", batchHours)
                            + " h of window it could save is worth under the objective weights");
                }
                hosts.add(h);
                regions.add(h.region());
                end = newEnd;
                for (String s : h.services()) {
                    outCount.merge(s, 1, Integer::sum);
                    outCores.merge(s, h.coresPerService(), Double::sum);
                    outByRegion.computeIfAbsent(s, k -> new HashMap<>()).merge(h.region(), 1, Integer::sum);
                }
                changed.forEach((svc, r) -> {
                    if (r == null) {
                        surge.remove(svc);
                    } else {
                        surge.put(svc, r);
                    }
                });
                batchCost = newCost;
                return null;
            }

            /** Surge that service {@code s} needs over {@code [start, newEnd)} with {@code lost} cores out. */
            Sizing size(String s, double lost, int out, Map<String, Integer> regionsOut, String plusRegion, int newEnd) {
                ServiceDemand d = problem.demands().get(s);
                double need = 0;
                int worst = start;
                for (int t = start; t < newEnd; t++) {
                    double gap = d.requiredCoresAt(t) - (d.capacityCores() - lost);
                    if (gap > need) {
                        need = gap;
                        worst = t;
                    }
                }
                int n = byService.get(s).size();
                int healthyShort = Math.max(0, minInService.get(s) - (n - out));
                if (need <= 1e-9 && healthyShort == 0) {
                    return new Sizing(null, null);
                }
                // surge goes where most of the batch's hosts of the service are
                String region = null;
                int most = 0;
                for (var e : regionsOut.entrySet()) {
                    int count = e.getValue() + (e.getKey().equals(plusRegion) ? 1 : 0);
                    if (count > most || count == most && e.getKey().compareTo(region) < 0) {
                        most = count;
                        region = e.getKey();
                    }
                }
                if (plusRegion != null && !regionsOut.containsKey(plusRegion)
                        && (1 > most || 1 == most && plusRegion.compareTo(region) < 0)) {
                    region = plusRegion;
                }
                List<SurgeOption> options = problem.surgeOptions().getOrDefault(region, List.of());
                if (options.isEmpty()) {
                    Constraint c = need > 1e-9 ? Constraint.CAPACITY : Constraint.MIN_HEALTHY;
                    String what = need > 1e-9
                            ? s + " would need " + cores(need) + " more cores at " + clock(problem.time(worst))
                            + d.limitNote()
                            : s + " would keep " + (n - out) + " of " + n + " hosts, under its min healthy fraction "
                            + d.minHealthyFraction();
                    return new Sizing(null, new Rejection(c, what + ", and no instance type is offered for surge in "
                            + region));
                }
                int from = start - leadSteps;
                int to = newEnd + stabilisationSteps;
                double hours = (to - from) * problem.stepHours();
                boolean spotAllowed = problem.policy().spotAllowed();
                // cheapest under the objective: spot saves money but may be taken back, so it is weighed
                // with its risk against on-demand, as PlanCheck scores the plan
                Plan.Reservation best = null;
                double bestValue = Double.POSITIVE_INFINITY;
                for (SurgeOption o : options) {
                    int count = Math.max(healthyShort, (int) Math.ceil(need / o.cores() - 1e-9));
                    for (boolean spot : o.useSpot(spotAllowed) ? new boolean[] {true, false} : new boolean[] {false}) {
                        double cost = count * (spot ? o.spotHourlyUsd() : o.onDemandHourlyUsd()) * hours;
                        double value = objective.perUsd() * cost
                                + (spot ? objective.perRisk() * PlanCheck.spotRisk(count, hours) : 0);
                        if (value < bestValue - 1e-9) {
                            bestValue = value;
                            best = new Plan.Reservation(s, region, o.instanceType(), count, spot, from, to, o.cores(),
                                    PlanCheck.round(cost, 4));
                        }
                    }
                }
                return new Sizing(best, null);
            }

            Plan.Batch build(Rejection binding) {
                List<Plan.Migration> migrations = WorkloadMigrations.plan(problem, hosts);
                for (PlanHost h : hosts) {
                    StringBuilder why = new StringBuilder("batch " + index + " at " + clock(problem.time(start))
                            + ": priority " + String.format(Locale.ROOT, "%.2f", priority(problem, h)) + " (load score "
                            + Math.round(h.loadScore()) + ", criticality " + h.criticality().label() + ")");
                    Plan.Reservation r = surge.get(h.service());
                    if (r != null) {
                        why.append("; ").append(h.service()).append(" keeps its capacity rule with ").append(r.count())
                                .append(r.spot() ? " spot " : " on-demand ").append(r.instanceType()).append(" of surge");
                    } else {
                        why.append("; ").append(h.service()).append(" has the headroom without surge");
                    }
                    reasons.put(h.id(), why.toString());
                }
                String bindingText = binding == null ? "every remaining host fitted" : binding.explain();
                return new Plan.Batch(index, start, end, hosts.stream().map(PlanHost::id).toList(),
                        List.copyOf(surge.values()), migrations, bindingText);
            }
        }
    }

    private record Sizing(Plan.Reservation reservation, Rejection rejection) {
    }
}
