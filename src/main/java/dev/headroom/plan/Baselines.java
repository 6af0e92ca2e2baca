package dev.headroom.plan;

import dev.headroom.domain.Objective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two ways fleets are updated without Headroom, run on the same problem so that a replay
 * compares like with like.
 */
public final class Baselines {
    private Baselines() {
    }

    /**
     * The fixed rolling update every orchestrator defaults to (Kubernetes' and Argo Rollouts'
     * {@code maxUnavailable: 25%}): each service on its own, all services at once from the
     * window's start, a quarter of its hosts (rounded down, at least one) out at a time, no
     * surge, no forecast, no dependency order.
     */
    public static Planner rolling(double unavailableFraction) {
        return rolling(unavailableFraction, false);
    }

    /**
     * The same rolling update run the way an operator must when a release requires another
     * service's newer version (cartservice 2.5.0 needs redis-cart ≥ 7.2): a service's rolling
     * update starts when those of its prerequisites have ended. Everything else as
     * {@link #rolling(double)}; services in a dependency cycle are not ordered (the planner
     * reports such cycles).
     */
    public static Planner rollingInReleaseOrder(double unavailableFraction) {
        return rolling(unavailableFraction, true);
    }

    private static Planner rolling(double unavailableFraction, boolean releaseOrder) {
        return new Planner() {
            @Override
            public String name() {
                return "rolling-" + Math.round(unavailableFraction * 100) + "%" + (releaseOrder ? "-ordered" : "");
            }

            @Override
            public Plan plan(PlanningProblem problem) {
                Map<String, List<PlanHost>> byService = new LinkedHashMap<>();
                for (PlanHost h : problem.candidates()) {
                    byService.computeIfAbsent(h.service(), k -> new ArrayList<>()).add(h);
                }
                Map<String, List<PlanHost>> all = problem.hostsByService();
                Map<String, Integer> ends = new java.util.HashMap<>();
                List<Plan.Batch> batches = new ArrayList<>();
                for (String service : byService.keySet()) {
                    roll(problem, service, byService, all, ends, new java.util.HashSet<>(), batches);
                }
                List<Plan.Batch> numbered = new ArrayList<>();
                for (Plan.Batch b : batches) {
                    numbered.add(new Plan.Batch(numbered.size() + 1, b.startStep(), b.endStep(), b.hosts(),
                            b.reservations(), b.migrations(), b.binding()));
                }
                return finish(problem, name(), numbered);
            }

            /** Lays out one service's rolling update, after its prerequisites' when in release order; returns its end. */
            private int roll(PlanningProblem problem, String service, Map<String, List<PlanHost>> byService,
                             Map<String, List<PlanHost>> all, Map<String, Integer> ends, java.util.Set<String> visiting,
                             List<Plan.Batch> batches) {
                Integer known = ends.get(service);
                if (known != null) {
                    return known;
                }
                int at = 0;
                if (releaseOrder && visiting.add(service)) {
                    for (String before : problem.prerequisitesOf(service)) {
                        if (byService.containsKey(before) && !visiting.contains(before)) {
                            at = Math.max(at, roll(problem, before, byService, all, ends, visiting, batches));
                        }
                    }
                    visiting.remove(service);
                }
                List<PlanHost> hosts = new ArrayList<>(byService.get(service));
                hosts.sort(Comparator.comparing(PlanHost::id));
                int size = Math.max(1, (int) Math.floor(unavailableFraction * all.get(service).size() + 1e-9));
                for (int i = 0; i < hosts.size(); i += size) {
                    List<PlanHost> round = hosts.subList(i, Math.min(hosts.size(), i + size));
                    int length = round.stream().mapToInt(PlanHost::updateSteps).max().orElseThrow();
                    batches.add(new Plan.Batch(0, at, at + length, round.stream().map(PlanHost::id).toList(),
                            List.of(), List.of(), "a fixed " + name() + " of " + service));
                    at += length;
                }
                ends.put(service, at);
                return at;
            }
        };
    }

    /**
     * Seed 001's OrchestrateUpdates pseudocode as written: priority = criticality weight ×
     * criticality + capacity weight × (1 − load score), highest first, and batches filled in
     * that order while their summed resource requirement (the hosts' cores) stays within the
     * maximum batch capacity ({@code max_batch_fraction} of the fleet's cores); one batch after
     * another, no surge, no per-service check.
     */
    public static Planner seed001Greedy() {
        return new Planner() {
            @Override
            public String name() {
                return "seed-001-greedy";
            }

            @Override
            public Plan plan(PlanningProblem problem) {
                double fleetCores = problem.hosts().stream().mapToDouble(PlanHost::cores).sum();
                double maxBatch = problem.policy().maxBatchFraction() * fleetCores;
                List<PlanHost> sorted = new ArrayList<>(problem.candidates());
                sorted.sort(Comparator.comparingDouble((PlanHost h) -> -(problem.policy().criticalityWeight()
                        * h.criticality().score() + problem.policy().capacityWeight() * (1 - h.loadScore() / 100)))
                        .thenComparing(PlanHost::id));
                List<Plan.Batch> batches = new ArrayList<>();
                List<PlanHost> current = new ArrayList<>();
                double capacity = 0;
                int at = 0;
                for (PlanHost h : sorted) {
                    if (capacity + h.cores() <= maxBatch || current.isEmpty()) {
                        current.add(h);
                        capacity += h.cores();
                    } else {
                        at = apply(batches, current, at);
                        current = new ArrayList<>(List.of(h));
                        capacity = h.cores();
                    }
                }
                if (!current.isEmpty()) {
                    apply(batches, current, at);
                }
                return finish(problem, name(), batches);
            }

            private int apply(List<Plan.Batch> batches, List<PlanHost> hosts, int at) {
                int length = hosts.stream().mapToInt(PlanHost::updateSteps).max().orElseThrow();
                batches.add(new Plan.Batch(batches.size() + 1, at, at + length, hosts.stream().map(PlanHost::id).toList(),
                        List.of(), List.of(), "MaxBatchCapacity of the seed's pseudocode"));
                return at + length;
            }
        };
    }

    private static Plan finish(PlanningProblem problem, String name, List<Plan.Batch> batches) {
        Plan.Summary summary = PlanCheck.summarise(problem, batches, 0, problem.policy().objective(), Optional.empty());
        return new Plan(problem.scenario(), name, problem.policy(), problem.start(), problem.step(), batches, List.of(),
                Map.of(), summary, List.of());
    }
}
