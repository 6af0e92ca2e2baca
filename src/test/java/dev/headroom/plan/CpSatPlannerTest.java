package dev.headroom.plan;

import dev.headroom.domain.Objective;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.plan.bench.SyntheticFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.headroom.plan.CpSatFixtures.assertKeepsEveryRule;
import static dev.headroom.plan.CpSatFixtures.host;
import static dev.headroom.plan.CpSatFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CpSatPlannerTest {
    private static final Duration LIMIT = Duration.ofSeconds(3);

    /** The native library loads once per JVM (about a second); not part of any test's plan time. */
    @BeforeAll
    static void loadSolver() {
        CpSatPlanner.loadNatives();
    }

    /**
     * Two services in two regions; web is hot until step 3 (one host out needs surge), api must wait
     * for web, and one host runs both.
     */
    static PlanningProblem webAndApi(Policy policy) {
        double[] web = new double[24];
        for (int t = 0; t < web.length; t++) {
            web[t] = t < 3 ? 11 : 6;
        }
        return new CpSatFixtures.Builder(policy, 24)
                .host(host("web-eu-1", "web", "eu", 4, 2, 70))
                .host(host("web-eu-2", "web", "eu", 4, 2, 60))
                .host(host("web-us-1", "web", "us", 4, 2, 50))
                .host(host("web-us-2", "web", "us", 4, 2, 40))
                .host(host("api-eu-1", "api", "eu", 8, 1, 30))
                .host(host("api-us-1", "api", "us", 8, 1, 35))
                .host(host("api-us-2", "api", "us", 8, 1, 20))
                .host(new PlanHost("shared-eu-1", List.of("api", "web"), "eu", "eu-a", "m5.test", 8,
                        Criticality.HIGH, 45, "1.0", "2.0", 1, 0.05))
                .load("web", web)
                .load("api", 10)
                .surge(new SurgeOption("eu", "c5.large", 2, 0.10, 0.04))
                .surge(new SurgeOption("us", "c5.large", 2, 0.11, 0.05))
                .surge(new SurgeOption("us", "c5.xlarge", 4, 0.22, 0.09))
                .requires("api", "web")
                .build();
    }

    @Test
    void planKeepsEveryRuleWithNoPredictedViolation() {
        PlanningProblem problem = webAndApi(policy(0.5, 1, Optional.empty()));

        Plan plan = new CpSatPlanner(LIMIT).plan(problem);

        assertThat(plan.solver()).isEqualTo("cpsat");
        assertThat(plan.unplanned()).isEmpty();
        assertKeepsEveryRule(problem, plan);
    }

    @Test
    void objectiveIsNeverWorseThanTheHeuristicsAndAGapIsReported() {
        PlanningProblem problem = webAndApi(policy(0.5, 1, Optional.empty()));

        Plan heuristic = new HeuristicPlanner().plan(problem);
        Plan plan = new CpSatPlanner(LIMIT).plan(problem);

        assertThat(plan.summary().objective()).isLessThanOrEqualTo(heuristic.summary().objective() + 1e-9);
        assertThat(plan.summary().optimalityGap()).hasValueSatisfying(g -> assertThat(g).isBetween(0.0, 1.0));
        // the objective is PlanCheck's: the summary is the one any plan of these batches gets
        Plan.Summary again = PlanCheck.summarise(problem, plan.batches(), plan.unplanned().size(), Objective.DEFAULT,
                plan.summary().optimalityGap());
        assertThat(plan.summary().objective()).isCloseTo(again.objective(), within(1e-9));
    }

    /**
     * The greedy takes x1 (3 steps) and then, by priority, y2 (1 step) into the first batch, so both
     * batches last 3 steps; pairing the two long updates and the two short ones takes 4 steps.
     */
    static PlanningProblem longAndShortUpdates() {
        return new CpSatFixtures.Builder(policy(0.5, 1, Optional.empty()), 12)
                .host(host("x1", "x", "eu", 4, 3, 10))
                .host(host("y2", "y", "eu", 4, 1, 20))
                .host(host("y1", "y", "eu", 4, 3, 30))
                .host(host("x2", "x", "eu", 4, 1, 40))
                .load("x", 2)
                .load("y", 2)
                .build();
    }

    @Test
    void beatsTheGreedyWhenPriorityOrderPairsLongAndShortUpdates() {
        PlanningProblem problem = longAndShortUpdates();

        Plan heuristic = new HeuristicPlanner().plan(problem);
        Plan plan = new CpSatPlanner(LIMIT).plan(problem);

        assertThat(heuristic.summary().makespanMinutes()).isEqualTo(60);
        assertThat(plan.summary().makespanMinutes()).isEqualTo(40);
        assertThat(plan.summary().objective()).isLessThan(heuristic.summary().objective());
        assertThat(plan.batches()).extracting(b -> b.hosts().stream().sorted().toList())
                .containsExactly(List.of("x1", "y1"), List.of("x2", "y2"));
        assertKeepsEveryRule(problem, plan);
    }

    @Test
    void provesTheBestPlanOfASmallProblem() {
        Plan plan = new CpSatPlanner(LIMIT).plan(longAndShortUpdates());

        assertThat(plan.summary().optimalityGap()).hasValueSatisfying(g -> assertThat(g).isLessThan(1e-3));
        assertThat(plan.hostReasons().get("x1")).startsWith("batch 1 at 22:00, chosen by the constraint planner");
        assertThat(plan.batches().get(0).binding()).contains("max batch fraction");
        assertThat(plan.batches().get(1).binding()).isEqualTo("every remaining host fitted");
    }

    @Test
    void surgeCoversTheHotServiceOrItsHostsWaitForThePeakToPass() {
        PlanningProblem problem = webAndApi(policy(0.5, 1, Optional.empty()));

        Plan plan = new CpSatPlanner(LIMIT).plan(problem);

        PlanCheck.Timeline timeline = PlanCheck.timeline(problem, plan.batches());
        ServiceDemand web = problem.demands().get("web");
        for (int t = 0; t < 3; t++) {
            if (timeline.out().get("web")[t]) {
                assertThat(timeline.available("web", t) * web.limit()).isGreaterThanOrEqualTo(web.demandAt(t));
                assertThat(timeline.surge().get("web")[t]).isPositive();
            }
        }
    }

    @Test
    void aZeroBudgetMeansNoSurge() {
        PlanningProblem problem = webAndApi(policy(0.5, 1, Optional.of(0.0)));

        Plan plan = new CpSatPlanner(LIMIT).plan(problem);

        assertThat(plan.summary().surgeCostUsd()).isZero();
        assertThat(plan.unplanned()).isEmpty();
        assertKeepsEveryRule(problem, plan);
    }

    @Test
    void anInfeasiblePolicyLeavesHostsUnplannedWithReasonsInsteadOfFailing() {
        PlanningProblem problem = new CpSatFixtures.Builder(policy(0.5, 1, Optional.empty()), 6)
                .host(host("db-1", "db", "eu", 8, 1, 50))
                .host(host("db-2", "db", "eu", 8, 1, 40))
                .host(host("batch-1", "batch", "eu", 8, 9, 50))
                .host(host("batch-2", "batch", "eu", 8, 1, 50))
                .host(host("cache-1", "cache", "eu", 8, 1, 50))
                .host(host("front-1", "front", "eu", 8, 1, 50))
                .load("db", 2)
                .load("batch", 1)
                .load("cache", 1)
                .load("front", 1)
                .minHealthy("db", 1.0)
                .requires("front", "cache")
                .unplannable("cache-1", "no load forecast for cache")
                .build();

        Plan plan = new CpSatPlanner(LIMIT).plan(problem);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.unplanned()).extracting(Plan.Unplanned::host)
                .containsExactlyInAnyOrder("db-1", "db-2", "batch-1", "cache-1", "front-1");
        assertThat(plan.unplanned()).filteredOn(u -> u.host().startsWith("db-")).allSatisfy(u ->
                assertThat(u.reason()).startsWith("min healthy: db would keep 1 of 2 hosts").contains("lower min_healthy"));
        assertThat(plan.unplanned()).filteredOn(u -> u.host().equals("batch-1")).singleElement()
                .satisfies(u -> assertThat(u.reason()).startsWith("window end: updating batch-1 takes up to 90 min"));
        assertThat(plan.unplanned()).filteredOn(u -> u.host().equals("front-1")).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("front must wait for cache"));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("The policy cannot fit 5 of"));
        assertThat(plan.batches()).extracting(Plan.Batch::hosts).containsExactly(List.of("batch-2"));
        assertKeepsEveryRule(problem, plan);
    }

    @Test
    void generatedFleetsUnderSeveralPoliciesKeepEveryRuleAndTheBoundStaysBelowEveryPlan() {
        Policy[] policies = {Policy.DEFAULT, policy(0.5, 2, Optional.empty()), policy(0.34, 3, Optional.of(0.5))};
        for (int i = 0; i < policies.length; i++) {
            PlanningProblem problem = SyntheticFleet.problem(60, 11 + i, policies[i]);
            Plan heuristic = new HeuristicPlanner().plan(problem);

            Plan plan = new CpSatPlanner(Duration.ofSeconds(1)).plan(problem);

            assertKeepsEveryRule(problem, plan);
            assertThat(plan.summary().objective()).isLessThanOrEqualTo(heuristic.summary().objective() + 1e-9);
            double bound = plan.summary().objective() * (1 - plan.summary().optimalityGap().orElseThrow());
            assertThat(bound).as("lower bound under policy %d", i)
                    .isLessThanOrEqualTo(heuristic.summary().objective() + 1e-6);
        }
    }

    @Test
    void improvedPlansArriveWhileTheSolverSearches() {
        PlanningProblem problem = SyntheticFleet.problem(60, 5);
        Plan heuristic = new HeuristicPlanner().plan(problem);
        List<Plan> arrived = new ArrayList<>();

        Plan plan = new CpSatPlanner(Objective.DEFAULT, Duration.ofSeconds(1), arrived::add).plan(problem);

        double last = heuristic.summary().objective();
        for (Plan p : arrived) {
            assertThat(p.summary().predictedViolations()).isZero();
            assertThat(p.summary().objective()).isLessThan(last);
            last = p.summary().objective();
        }
        assertThat(plan.summary().objective()).isLessThanOrEqualTo(last + 1e-9);
    }

    @Test
    void theSolverIsChosenByName() {
        assertThat(Planners.named("cpsat", Duration.ofSeconds(2)).name()).isEqualTo("cpsat");
        assertThat(Planners.named("heuristic", Duration.ofSeconds(2)).name()).isEqualTo("heuristic");
        assertThatThrownBy(() -> Planners.named("milp", Duration.ofSeconds(2)))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("heuristic or cpsat");
    }
}
