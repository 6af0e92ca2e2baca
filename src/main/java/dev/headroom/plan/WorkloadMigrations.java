package dev.headroom.plan;

import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the workloads of a shared host go while it is out (seeds 003 and 004). A host that runs
 * one service is simply drained: the service's other replicas take its load, which the capacity
 * rule has already checked. A host that runs several workloads moves each one to another host
 * of the same service that stays in service, the least loaded in the same region first, then
 * elsewhere; the moved share is what the service-level capacity rule already counts, so the
 * target keeps it too. Targets are spread: each gets at most one moved workload per batch
 * before a second is placed on it.
 */
public final class WorkloadMigrations {
    private WorkloadMigrations() {
    }

    public static List<Plan.Migration> plan(PlanningProblem problem, List<PlanHost> batch) {
        Set<String> out = new HashSet<>();
        batch.forEach(h -> out.add(h.id()));
        Map<String, List<PlanHost>> byService = problem.hostsByService();
        Map<String, Integer> placed = new HashMap<>();
        List<Plan.Migration> migrations = new ArrayList<>();
        for (PlanHost h : batch) {
            if (h.services().size() < 2) {
                continue;
            }
            for (String s : h.services()) {
                Optional<PlanHost> target = byService.getOrDefault(s, List.of()).stream()
                        .filter(t -> !out.contains(t.id()))
                        .min(Comparator.comparingInt((PlanHost t) -> placed.getOrDefault(t.id(), 0))
                                .thenComparing(t -> !t.region().equals(h.region()))
                                .thenComparingDouble(PlanHost::loadScore)
                                .thenComparing(PlanHost::id));
                String to = target.map(PlanHost::id).orElse("surge:" + s + "@" + h.region());
                target.ifPresent(t -> placed.merge(t.id(), 1, Integer::sum));
                migrations.add(new Plan.Migration(s, h.id(), to));
            }
        }
        return migrations;
    }
}
