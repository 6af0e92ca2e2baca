package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small hand-built planning problems whose right answers are known. */
final class TestProblems {
    static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);

    private Policy policy = new Policy(Optional.of(new Window(START, START.plus(Duration.ofHours(6)))), 0.2, 0.6,
            0.4, 0.25, 3, 0.5, 0.1, 15, true, Optional.empty(), 0.95);
    private int steps = 72;
    private final List<PlanHost> hosts = new ArrayList<>();
    private final Map<String, ServiceDemand> demands = new LinkedHashMap<>();
    private final Map<String, List<SurgeOption>> surge = new HashMap<>();
    private final Map<String, Set<String>> prerequisites = new HashMap<>();
    private final Map<String, String> unplannable = new LinkedHashMap<>();

    static TestProblems create() {
        return new TestProblems();
    }

    TestProblems policy(Policy p) {
        this.policy = p;
        return this;
    }

    TestProblems steps(int n) {
        this.steps = n;
        return this;
    }

    /** {@code n} hosts of {@code cores} each in {@code region}, all needing an update of {@code updateSteps}. */
    TestProblems service(String name, Criticality c, int n, double cores, String region, int updateSteps,
                         double utilisation) {
        double[] demand = new double[steps];
        Arrays.fill(demand, n * cores * utilisation);
        return service(name, c, n, cores, region, updateSteps, demand);
    }

    TestProblems service(String name, Criticality c, int n, double cores, String region, int updateSteps,
                         double[] demandCores) {
        for (int i = 1; i <= n; i++) {
            hosts.add(new PlanHost(name + "-" + i, List.of(name), region, region + "a", "m5.large", cores, c, 50,
                    "v1.0.0", "v1.1.0", updateSteps, 0.05));
        }
        demands.put(name, new ServiceDemand(name, c, n * cores, 1 - policy.safetyMargin(), policy.minHealthyFraction(),
                demandCores, demandCores, ""));
        return this;
    }

    TestProblems host(PlanHost h) {
        hosts.add(h);
        return this;
    }

    TestProblems demand(ServiceDemand d) {
        demands.put(d.service(), d);
        return this;
    }

    TestProblems surge(String region, String type, double cores, double onDemand, double spot) {
        surge.computeIfAbsent(region, k -> new ArrayList<>()).add(new SurgeOption(region, type, cores, onDemand, spot));
        return this;
    }

    TestProblems requires(String service, String... before) {
        prerequisites.put(service, Set.of(before));
        return this;
    }

    TestProblems unplannable(String host, String why) {
        unplannable.put(host, why);
        return this;
    }

    PlanningProblem build() {
        return new PlanningProblem("test", policy, START, STEP, steps, hosts, demands, surge, prerequisites,
                unplannable, List.of());
    }

    static Policy policy(double margin, double maxBatchFraction, int regions, double minHealthy,
                         Optional<Double> budget, boolean spot) {
        return new Policy(Optional.of(new Window(START, START.plus(Duration.ofHours(6)))), margin, 0.6, 0.4,
                maxBatchFraction, regions, minHealthy, 0.1, 15, spot, budget, 0.95);
    }
}
