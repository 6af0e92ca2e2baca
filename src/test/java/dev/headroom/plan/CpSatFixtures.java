package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Small hand-built planning problems for the constraint planner's tests, and a rule checker. */
final class CpSatFixtures {
    static final Instant START = Instant.parse("2026-11-23T22:00:00Z");
    static final Duration STEP = Duration.ofMinutes(10);

    private CpSatFixtures() {
    }

    /** A policy with the given batch fraction, one region at a time, min healthy 0.5, no stabilisation wait. */
    static Policy policy(double maxBatchFraction, int regions, Optional<Double> budget) {
        return new Policy(Optional.empty(), 0.20, 0.6, 0.4, maxBatchFraction, regions, 0.5, 0.10, 0, true, budget, 0.95);
    }

    static PlanHost host(String id, String service, String region, double cores, int updateSteps, double loadScore) {
        return new PlanHost(id, List.of(service), region, region + "-a", "m5.test", cores, Criticality.MEDIUM,
                loadScore, "1.0", "2.0", updateSteps, 0.02);
    }

    /** A builder of problems: services with a flat or shaped demand, hosts, surge options, prerequisites. */
    static final class Builder {
        private final Policy policy;
        private final int steps;
        private final List<PlanHost> hosts = new ArrayList<>();
        private final Map<String, double[]> demand = new LinkedHashMap<>();
        private final Map<String, Double> minHealthy = new HashMap<>();
        private final Map<String, List<SurgeOption>> surge = new HashMap<>();
        private final Map<String, Set<String>> prerequisites = new HashMap<>();
        private final Map<String, String> unplannable = new LinkedHashMap<>();

        Builder(Policy policy, int steps) {
            this.policy = policy;
            this.steps = steps;
        }

        Builder host(PlanHost h) {
            hosts.add(h);
            return this;
        }

        /** Load of {@code service} in cores at the forecast quantile, the same at every step. */
        Builder load(String service, double cores) {
            double[] d = new double[steps];
            Arrays.fill(d, cores);
            demand.put(service, d);
            return this;
        }

        Builder load(String service, double[] cores) {
            demand.put(service, cores.clone());
            return this;
        }

        Builder minHealthy(String service, double fraction) {
            minHealthy.put(service, fraction);
            return this;
        }

        Builder surge(SurgeOption o) {
            surge.computeIfAbsent(o.region(), k -> new ArrayList<>()).add(o);
            return this;
        }

        Builder requires(String service, String before) {
            prerequisites.computeIfAbsent(service, k -> new HashSet<>()).add(before);
            return this;
        }

        Builder unplannable(String host, String why) {
            unplannable.put(host, why);
            return this;
        }

        PlanningProblem build() {
            Map<String, Double> capacity = new HashMap<>();
            for (PlanHost h : hosts) {
                for (String s : h.services()) {
                    capacity.merge(s, h.coresPerService(), Double::sum);
                }
            }
            Map<String, ServiceDemand> demands = new LinkedHashMap<>();
            for (var e : demand.entrySet()) {
                demands.put(e.getKey(), new ServiceDemand(e.getKey(), Criticality.MEDIUM,
                        capacity.getOrDefault(e.getKey(), 0.0), 1 - policy.safetyMargin(),
                        minHealthy.getOrDefault(e.getKey(), policy.minHealthyFraction()), e.getValue(), e.getValue(), ""));
            }
            return new PlanningProblem("test", policy, START, STEP, steps, hosts, demands, surge, prerequisites,
                    unplannable, List.of());
        }
    }

    /**
     * Asserts every rule the heuristic keeps, on any plan: PlanCheck finds no violation, batches
     * end inside the window and do not overlap, each host is planned once, at most
     * max_concurrent_regions regions and max_batch_fraction of each service per batch, min healthy
     * counting surge instances, prerequisites fully updated in earlier batches, and every planned
     * host and every batch has its reason.
     */
    static void assertKeepsEveryRule(PlanningProblem problem, Plan plan) {
        assertKeepsEveryRule(problem, plan, true);
    }

    /** The same, without the reasons when {@code explained} is false (a plan before its explanations). */
    static void assertKeepsEveryRule(PlanningProblem problem, Plan plan, boolean explained) {
        assertThat(plan.summary().predictedViolations()).as("predicted violations").isZero();
        Map<String, PlanHost> byId = new HashMap<>();
        problem.hosts().forEach(h -> byId.put(h.id(), h));
        Map<String, List<PlanHost>> byService = problem.hostsByService();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> lastBatchOf = new HashMap<>();
        Map<String, Integer> firstBatchOf = new HashMap<>();
        int previousEnd = 0;
        for (Plan.Batch b : plan.batches()) {
            assertThat(b.startStep()).as("batch %d starts after the one before ends", b.index())
                    .isGreaterThanOrEqualTo(previousEnd);
            assertThat(b.endStep()).as("batch %d ends inside the window", b.index()).isLessThanOrEqualTo(problem.steps());
            previousEnd = b.endStep();
            Set<String> regions = new HashSet<>();
            Map<String, Integer> out = new HashMap<>();
            for (String id : b.hosts()) {
                assertThat(seen.add(id)).as("host %s planned once", id).isTrue();
                PlanHost h = byId.get(id);
                assertThat(b.endStep() - b.startStep()).as("batch %d long enough for %s", b.index(), id)
                        .isGreaterThanOrEqualTo(h.updateSteps());
                regions.add(h.region());
                h.services().forEach(s -> out.merge(s, 1, Integer::sum));
                lastBatchOf.merge(h.service(), b.index(), Math::max);
                firstBatchOf.merge(h.service(), b.index(), Math::min);
                if (explained) {
                    assertThat(plan.hostReasons().get(id)).as("reason of %s", id).isNotBlank();
                }
            }
            assertThat(regions.size()).as("regions of batch %d", b.index())
                    .isLessThanOrEqualTo(problem.policy().maxConcurrentRegions());
            if (explained) {
                assertThat(b.binding()).as("binding of batch %d", b.index()).isNotBlank();
            }
            for (var e : out.entrySet()) {
                int n = byService.get(e.getKey()).size();
                int maxOut = Math.max(1, (int) Math.floor(problem.policy().maxBatchFraction() * n + 1e-9));
                assertThat(e.getValue()).as("hosts of %s in batch %d", e.getKey(), b.index()).isLessThanOrEqualTo(maxOut);
                int minIn = (int) Math.ceil(problem.demands().get(e.getKey()).minHealthyFraction() * n - 1e-9);
                int surge = b.reservations().stream().filter(r -> r.service().equals(e.getKey()))
                        .mapToInt(Plan.Reservation::count).sum();
                assertThat(n - e.getValue() + surge).as("healthy replicas of %s in batch %d", e.getKey(), b.index())
                        .isGreaterThanOrEqualTo(minIn);
            }
        }
        for (var e : problem.prerequisites().entrySet()) {
            for (String p : e.getValue()) {
                if (!p.equals(e.getKey()) && firstBatchOf.containsKey(e.getKey())) {
                    boolean pending = problem.candidates().stream()
                            .anyMatch(h -> h.service().equals(p) && !seen.contains(h.id()));
                    assertThat(pending).as("every host of %s planned before %s starts", p, e.getKey()).isFalse();
                    assertThat(lastBatchOf.getOrDefault(p, 0)).as("%s before %s", p, e.getKey())
                            .isLessThan(firstBatchOf.get(e.getKey()));
                }
            }
        }
        problem.policy().budgetUsd().ifPresent(budget -> assertThat(plan.summary().surgeCostUsd())
                .as("surge cost within the budget").isLessThanOrEqualTo(budget + 1e-9));
        for (Plan.Unplanned u : plan.unplanned()) {
            assertThat(u.reason()).as("reason %s is unplanned", u.host()).isNotBlank();
        }
        assertThat(seen.size() + plan.unplanned().size()).as("every host that needs an update is accounted for")
                .isEqualTo(problem.candidates().size() + problem.unplannable().size());
    }
}
