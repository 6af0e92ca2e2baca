package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random fleets and policies never yield a plan that breaks a constraint on the forecast: 300
 * seeded cases (a failure names its seed, so it can be replayed).
 */
class PlannerPropertyTest {
    private static final String[] REGIONS = {"eu", "us", "ap"};

    @Test
    void randomFleetsAndPoliciesNeverBreakTheCapacityRuleOrAnyOtherConstraint() {
        for (long seed = 1; seed <= 300; seed++) {
            Random r = new Random(seed);
            Policy policy = TestProblems.policy(r.nextDouble() * 0.4, 0.1 + r.nextDouble() * 0.9, 1 + r.nextInt(3),
                    r.nextDouble() * 0.8, r.nextInt(4) == 0 ? Optional.of(r.nextDouble() * 3) : Optional.empty(),
                    r.nextBoolean());
            TestProblems t = TestProblems.create().policy(policy).steps(24 + r.nextInt(72));
            int services = 1 + r.nextInt(6);
            for (int s = 0; s < services; s++) {
                int n = 1 + r.nextInt(10);
                double[] demand = new double[t.build().steps()];
                double base = r.nextDouble() * 0.9;
                for (int k = 0; k < demand.length; k++) {
                    demand[k] = n * 4 * Math.max(0, base + 0.2 * Math.sin(k / 6.0 + s) * r.nextDouble());
                }
                t.service("s" + s, Criticality.values()[r.nextInt(4)], n, 4, REGIONS[r.nextInt(3)], 1 + r.nextInt(6),
                        demand);
                if (s > 0 && r.nextInt(3) == 0) {
                    t.requires("s" + s, "s" + r.nextInt(s));
                }
            }
            for (String region : REGIONS) {
                if (r.nextInt(4) > 0) {
                    t.surge(region, "m5.large", 2, 0.1, 0.03 + r.nextDouble() * 0.1);
                }
            }
            PlanningProblem p = t.build();
            Plan plan = new HeuristicPlanner().plan(p);
            check(seed, p, plan);
        }
    }

    static void check(long seed, PlanningProblem p, Plan plan) {
        String at = "seed " + seed;
        assertThat(plan.summary().predictedViolations()).as(at).isZero();
        Set<String> seen = new HashSet<>();
        plan.batches().forEach(b -> b.hosts().forEach(h -> assertThat(seen.add(h)).as(at + " host twice: " + h).isTrue()));
        plan.unplanned().forEach(u -> assertThat(seen.add(u.host())).as(at + " planned and unplanned: " + u.host()).isTrue());
        assertThat(seen).as(at).hasSize(p.candidates().size() + p.unplannable().size());
        Map<String, PlanHost> hosts = new HashMap<>();
        p.hosts().forEach(h -> hosts.put(h.id(), h));
        Map<String, List<PlanHost>> byService = p.hostsByService();
        Map<String, Integer> lastEnd = new HashMap<>();
        int previousEnd = 0;
        for (Plan.Batch b : plan.batches()) {
            assertThat(b.startStep()).as(at).isGreaterThanOrEqualTo(previousEnd);
            assertThat(b.endStep()).as(at + " window end").isLessThanOrEqualTo(p.steps());
            previousEnd = b.endStep();
            assertThat(b.hosts().stream().map(h -> hosts.get(h).region()).distinct().count()).as(at + " regions")
                    .isLessThanOrEqualTo(p.policy().maxConcurrentRegions());
            Map<String, Integer> out = new HashMap<>();
            b.hosts().forEach(h -> out.merge(hosts.get(h).service(), 1, Integer::sum));
            out.forEach((s, n) -> {
                int total = byService.get(s).size();
                assertThat(n).as(at + " batch fraction of " + s)
                        .isLessThanOrEqualTo(Math.max(1, (int) Math.floor(p.policy().maxBatchFraction() * total + 1e-9)));
                int surge = b.reservations().stream().filter(r -> r.service().equals(s)).mapToInt(Plan.Reservation::count)
                        .sum();
                assertThat(total - n + surge).as(at + " min healthy of " + s)
                        .isGreaterThanOrEqualTo((int) Math.ceil(p.demands().get(s).minHealthyFraction() * total - 1e-9));
                for (String pre : p.prerequisitesOf(s)) {
                    assertThat(lastEnd.getOrDefault(pre, 0)).as(at + " order " + pre + " before " + s)
                            .isLessThanOrEqualTo(b.startStep());
                    assertThat(out).as(at + " order within batch").doesNotContainKey(pre);
                }
            });
            b.hosts().forEach(h -> lastEnd.merge(hosts.get(h).service(), b.endStep(), Math::max));
        }
        p.policy().budgetUsd().ifPresent(budget -> assertThat(plan.summary().surgeCostUsd()).as(at + " budget")
                .isLessThanOrEqualTo(budget + 1e-6));
    }
}
