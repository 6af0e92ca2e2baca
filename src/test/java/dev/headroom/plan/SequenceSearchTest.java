package dev.headroom.plan;

import dev.headroom.domain.Objective;
import dev.headroom.domain.Policy;
import dev.headroom.plan.bench.SyntheticFleet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.headroom.plan.CpSatFixtures.assertKeepsEveryRule;
import static dev.headroom.plan.CpSatFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

class SequenceSearchTest {
    /** Generous for problems this small: the search only stops at its deadline. */
    private static final Duration BUDGET = Duration.ofMillis(400);

    private static Optional<Plan> search(PlanningProblem problem, Plan start) {
        int stepMinutes = (int) problem.step().toMinutes();
        int lead = (int) Math.ceil(HeuristicPlanner.LEAD_MINUTES / (double) stepMinutes);
        int stabilisation = (int) Math.ceil(problem.policy().stabilizationMinutes() / (double) stepMinutes);
        return new SequenceSearch(problem, problem.policy().objective(), lead, stabilisation)
                .improve(start, System.nanoTime() + BUDGET.toNanos(), 7);
    }

    @Test
    void rearrangedGeneratedFleetsKeepEveryRuleAndAreNeverWorseThanTheirStart() {
        Policy[] policies = {Policy.DEFAULT, policy(0.5, 2, Optional.empty())};
        for (int i = 0; i < policies.length; i++) {
            PlanningProblem problem = SyntheticFleet.problem(120, 3 + i, policies[i]);
            Plan start = new HeuristicPlanner().plan(problem);

            Plan plan = search(problem, start).orElseThrow();

            assertKeepsEveryRule(problem, plan, false);
            assertThat(plan.unplanned()).isEmpty();
            assertThat(plan.summary().objective()).as("objective under policy %d", i)
                    .isLessThanOrEqualTo(start.summary().objective() + 1e-9);
        }
    }

    @Test
    void pairsTheLongUpdatesAndTheShortOnesThatThePriorityOrderMixes() {
        PlanningProblem problem = CpSatPlannerTest.longAndShortUpdates();
        Plan start = new HeuristicPlanner().plan(problem);

        Plan plan = search(problem, start).orElseThrow();

        assertThat(start.summary().makespanMinutes()).isEqualTo(60);
        assertThat(plan.summary().makespanMinutes()).isEqualTo(40);
        assertThat(plan.batches()).extracting(b -> b.hosts().stream().sorted().toList())
                .containsExactlyInAnyOrder(List.of("x1", "y1"), List.of("x2", "y2"));
        assertKeepsEveryRule(problem, plan, false);
    }

    @Test
    void surgeIsReservedForTheHotServiceOrItsBatchWaitsForThePeakToPass() {
        PlanningProblem problem = CpSatPlannerTest.webAndApi(policy(0.5, 1, Optional.empty()));
        Plan start = new HeuristicPlanner().plan(problem);

        Plan plan = search(problem, start).orElseThrow();

        assertKeepsEveryRule(problem, plan, false);
        assertThat(plan.summary().predictedViolations()).isZero();
        // web needs 11 / 0.8 = 13.75 of its 20 cores until step 3: more than 6.25 of them out before then needs surge
        for (Plan.Batch b : plan.batches()) {
            double out = b.hosts().stream().mapToDouble(id -> id.startsWith("web") ? 4 : id.startsWith("shared") ? 4 : 0)
                    .sum();
            if (out > 6.25 && b.startStep() < 3) {
                assertThat(b.reservations()).as("surge of batch %d", b.index())
                        .anySatisfy(r -> assertThat(r.service()).isEqualTo("web"));
            }
        }
    }

    @Test
    void doesNotApplyUnderABudgetItDoesNotTrack() {
        PlanningProblem problem = CpSatPlannerTest.webAndApi(policy(0.5, 1, Optional.of(1.0)));

        assertThat(search(problem, new HeuristicPlanner().plan(problem))).isEmpty();
    }

    @Test
    void theConsoleGetsTheRearrangedStartBeforeTheSolverEnds() {
        PlanningProblem problem = SyntheticFleet.problem(120, 4);
        Plan heuristic = new HeuristicPlanner().plan(problem);
        List<Plan> arrived = new ArrayList<>();

        Plan plan = new CpSatPlanner(Objective.DEFAULT, Duration.ofSeconds(2), arrived::add).plan(problem);

        assertThat(arrived).isNotEmpty();
        double last = heuristic.summary().objective();
        for (Plan p : arrived) {
            assertKeepsEveryRule(problem, p);
            assertThat(p.summary().objective()).isLessThan(last);
            last = p.summary().objective();
        }
        assertThat(plan.summary().objective()).isLessThanOrEqualTo(last + 1e-9);
    }
}
