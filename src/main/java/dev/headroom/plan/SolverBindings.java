package dev.headroom.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The binding constraint of each batch of a plan that a solver made as a whole rather than batch
 * by batch: for every host planned later (or not at all), what keeps it out of this batch, with
 * the heuristic's wording; the batch's binding is the rule that keeps the most of them out (the
 * dependency order only when nothing else does), and when no rule does, what the objective gains
 * by waiting.
 */
final class SolverBindings {
    private SolverBindings() {
    }

    /** Why a later host is not in a batch: a rule, or only the objective. */
    private record Why(Rejection rule, String soft) {
    }

    static List<Plan.Batch> withBindings(PlanningProblem problem, List<Plan.Batch> batches, List<PlanHost> unplanned,
                                         Map<String, Integer> maxOut, Map<String, Integer> minIn) {
        Map<String, PlanHost> hosts = new HashMap<>();
        problem.hosts().forEach(h -> hosts.put(h.id(), h));
        Map<String, List<PlanHost>> byService = problem.hostsByService();
        double planCost = batches.stream().mapToDouble(Plan.Batch::surgeCostUsd).sum();
        List<Plan.Batch> out = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            Plan.Batch b = batches.get(i);
            List<PlanHost> later = new ArrayList<>();
            for (Plan.Batch next : batches.subList(i + 1, batches.size())) {
                next.hosts().forEach(id -> later.add(hosts.get(id)));
            }
            later.addAll(unplanned);
            Set<String> pending = new HashSet<>();
            later.forEach(h -> pending.add(h.service()));
            b.hosts().forEach(id -> pending.add(hosts.get(id).service()));
            State state = new State(problem, b, hosts, byService, maxOut, minIn, pending, planCost);
            out.add(new Plan.Batch(b.index(), b.startStep(), b.endStep(), b.hosts(), b.reservations(), b.migrations(),
                    state.binding(later)));
        }
        return out;
    }

    private static final class State {
        final PlanningProblem problem;
        final Plan.Batch batch;
        final Map<String, List<PlanHost>> byService;
        final Map<String, Integer> maxOut;
        final Map<String, Integer> minIn;
        final Set<String> pending;
        final double planCost;
        final Set<String> regions = new LinkedHashSet<>();
        final Map<String, Integer> outCount = new HashMap<>();
        final Map<String, Double> outCores = new HashMap<>();
        final Map<String, Double> surgeCores = new HashMap<>();
        final Map<String, Integer> surgeCount = new HashMap<>();

        State(PlanningProblem problem, Plan.Batch batch, Map<String, PlanHost> hosts,
              Map<String, List<PlanHost>> byService, Map<String, Integer> maxOut, Map<String, Integer> minIn,
              Set<String> pending, double planCost) {
            this.problem = problem;
            this.batch = batch;
            this.byService = byService;
            this.maxOut = maxOut;
            this.minIn = minIn;
            this.pending = pending;
            this.planCost = planCost;
            for (String id : batch.hosts()) {
                PlanHost h = hosts.get(id);
                regions.add(h.region());
                for (String s : h.services()) {
                    outCount.merge(s, 1, Integer::sum);
                    outCores.merge(s, h.coresPerService(), Double::sum);
                }
            }
            for (Plan.Reservation r : batch.reservations()) {
                surgeCores.merge(r.service(), r.cores(), Double::sum);
                surgeCount.merge(r.service(), r.count(), Integer::sum);
            }
        }

        String binding(List<PlanHost> later) {
            if (later.isEmpty()) {
                return "every remaining host fitted";
            }
            Map<Constraint, Integer> counts = new EnumMap<>(Constraint.class);
            Map<Constraint, Rejection> example = new EnumMap<>(Constraint.class);
            String soft = null;
            PlanHost free = null;
            for (PlanHost h : later) {
                Why why = why(h);
                if (why.rule() != null) {
                    counts.merge(why.rule().constraint(), 1, Integer::sum);
                    example.putIfAbsent(why.rule().constraint(), why.rule());
                } else if (why.soft() != null) {
                    soft = soft == null ? why.soft() : soft;
                } else if (free == null) {
                    free = h;
                }
            }
            Optional<Constraint> most = counts.keySet().stream().filter(c -> c != Constraint.ORDER)
                    .max(Comparator.comparingInt((Constraint c) -> counts.get(c))
                            .thenComparing(Comparator.comparingInt((Constraint c) -> c.ordinal()).reversed()));
            if (most.isPresent()) {
                return example.get(most.get()).explain();
            }
            if (soft != null) {
                return soft;
            }
            if (example.containsKey(Constraint.ORDER)) {
                return example.get(Constraint.ORDER).explain();
            }
            return "no rule binds: " + free.id() + " could also join this batch; the objective is the same either way, "
                    + "or the solver stopped at its time limit before moving it";
        }

        Why why(PlanHost h) {
            for (String p : problem.prerequisitesOf(h.service())) {
                if (!p.equals(h.service()) && pending.contains(p)) {
                    return new Why(new Rejection(Constraint.ORDER, h.service() + " waits until every host of " + p
                            + " is updated"), null);
                }
            }
            if (!regions.contains(h.region()) && regions.size() >= problem.policy().maxConcurrentRegions()) {
                return new Why(new Rejection(Constraint.REGIONS, "max_concurrent_regions is "
                        + problem.policy().maxConcurrentRegions() + " and the batch already updates "
                        + String.join(", ", regions)), null);
            }
            int start = batch.startStep();
            int newEnd = Math.max(batch.endStep(), start + h.updateSteps());
            if (newEnd > problem.steps()) {
                return new Why(new Rejection(Constraint.WINDOW, "updating " + h.id() + " takes up to "
                        + problem.step().multipliedBy(h.updateSteps()).toMinutes() + " min; starting at "
                        + HeuristicPlanner.clock(problem.time(start)) + " it would end at "
                        + HeuristicPlanner.clock(problem.time(newEnd)) + ", after the window ends at "
                        + HeuristicPlanner.clock(problem.end())), null);
            }
            for (String s : h.services()) {
                if (outCount.getOrDefault(s, 0) + 1 > maxOut.get(s)) {
                    return new Why(new Rejection(Constraint.BATCH_FRACTION, "max_batch_fraction "
                            + problem.policy().maxBatchFraction() + " allows " + maxOut.get(s) + " of " + s + "'s "
                            + byService.get(s).size() + " hosts per batch, and the batch has them"), null);
                }
            }
            Set<String> affected = new LinkedHashSet<>(h.services());
            if (newEnd > batch.endStep()) {
                affected.addAll(outCount.keySet());
            }
            boolean spotAllowed = problem.policy().spotAllowed();
            double hours = (newEnd - start + HeuristicPlanner.LEAD_MINUTES / 60.0 / problem.stepHours()
                    + problem.policy().stabilizationMinutes() / 60.0 / problem.stepHours()) * problem.stepHours();
            double extraUsd = 0;
            String needs = null;
            for (String s : affected) {
                ServiceDemand d = problem.demands().get(s);
                double lost = outCores.getOrDefault(s, 0.0) + (h.services().contains(s) ? h.coresPerService() : 0);
                int out = outCount.getOrDefault(s, 0) + (h.services().contains(s) ? 1 : 0);
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
                int healthyShort = Math.max(0, minIn.get(s) - (n - out));
                double moreCores = need - surgeCores.getOrDefault(s, 0.0);
                int moreInstances = healthyShort - surgeCount.getOrDefault(s, 0);
                if (moreCores <= 1e-9 && moreInstances <= 0) {
                    continue;
                }
                List<SurgeOption> options = new ArrayList<>();
                regions.forEach(r -> options.addAll(problem.surgeOptions().getOrDefault(r, List.of())));
                if (!regions.contains(h.region())) {
                    options.addAll(problem.surgeOptions().getOrDefault(h.region(), List.of()));
                }
                if (options.isEmpty()) {
                    Constraint c = moreCores > 1e-9 ? Constraint.CAPACITY : Constraint.MIN_HEALTHY;
                    String what = moreCores > 1e-9
                            ? s + " would need " + HeuristicPlanner.cores(need) + " more cores at "
                            + HeuristicPlanner.clock(problem.time(worst))
                            : s + " would keep " + (n - out) + " of " + n + " hosts, under its min healthy fraction "
                            + d.minHealthyFraction();
                    return new Why(new Rejection(c, what + ", and no instance type is offered for surge in "
                            + String.join(", ", regions)), null);
                }
                double cheapest = Double.MAX_VALUE;
                for (SurgeOption o : options) {
                    int count = Math.max(Math.max(0, moreInstances), (int) Math.ceil(Math.max(0, moreCores) / o.cores()
                            - 1e-9));
                    cheapest = Math.min(cheapest, count * o.hourlyUsd(spotAllowed) * hours);
                }
                extraUsd += cheapest;
                needs = needs == null ? s : needs;
            }
            Optional<Double> budget = problem.policy().budgetUsd();
            if (needs != null && budget.isPresent() && planCost + extraUsd > budget.get() + 1e-9) {
                return new Why(new Rejection(Constraint.BUDGET, "taking " + h.id() + " out needs surge that brings the "
                        + "plan to " + HeuristicPlanner.usd(planCost + extraUsd) + ", over budget_usd "
                        + HeuristicPlanner.usd(budget.get())), null);
            }
            if (needs != null) {
                return new Why(null, new Rejection(Constraint.SURGE_WORTH, "taking " + h.id() + " out here needs about "
                        + HeuristicPlanner.usd(extraUsd) + " more surge for " + needs + "; under the objective weights "
                        + "updating it in a later batch costs less").explain());
            }
            if (newEnd > batch.endStep()) {
                return new Why(null, "objective: updating " + h.id() + " here would keep the batch's hosts out "
                        + String.format(Locale.ROOT, "%d", problem.step().multipliedBy(newEnd - batch.endStep())
                        .toMinutes()) + " min longer; under the objective weights a later batch costs less");
            }
            return new Why(null, null);
        }
    }
}
