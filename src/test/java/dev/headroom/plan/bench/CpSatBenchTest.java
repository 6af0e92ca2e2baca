package dev.headroom.plan.bench;

import dev.headroom.plan.HeuristicPlanner;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CpSatBenchTest {
    @Test
    void aSyntheticFleetIsTheSameForTheSameSizeAndSeed() {
        PlanningProblem a = SyntheticFleet.problem(120, 7);
        PlanningProblem b = SyntheticFleet.problem(120, 7);

        assertThat(a.hosts()).hasSize(120).isEqualTo(b.hosts());
        assertThat(a.demands()).hasSize(SyntheticFleet.SERVICES);
        assertThat(a.hosts()).extracting(PlanHost::region).containsOnlyElementsOf(SyntheticFleet.REGIONS);
        assertThat(a.prerequisites()).isNotEmpty();
        assertThat(SyntheticFleet.problem(120, 8).hosts()).isNotEqualTo(a.hosts());
    }

    @Test
    void theHeuristicPlansEverySyntheticHostWithoutAViolation() {
        PlanningProblem problem = SyntheticFleet.problem(300, 1);

        Plan plan = new HeuristicPlanner().plan(problem);

        assertThat(plan.unplanned()).isEmpty();
        assertThat(plan.summary().predictedViolations()).isZero();
        assertThat(plan.summary().windowFits()).isTrue();
    }

    @Test
    void solveReturnsTheSolversPlanWithItsGapAndTime() {
        PlanningProblem problem = SyntheticFleet.problem(60, 3);

        PlanBench.Result r = PlanBench.solve(problem, Duration.ofSeconds(1));

        assertThat(r.plan().solver()).isEqualTo("cpsat");
        assertThat(r.gap()).hasValueSatisfying(g -> assertThat(g).isBetween(0.0, 1.0));
        assertThat(r.plan().summary().objective()).isLessThanOrEqualTo(r.heuristic().summary().objective() + 1e-9);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
        assertThat(PlanBench.changeableGap(problem, r.plan())).hasValueSatisfying(g ->
                assertThat(g).isGreaterThanOrEqualTo(r.gap().orElseThrow()));
    }

    @Test
    void quantilesAreNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

        assertThat(PlanBench.quantile(sorted, 0.5)).isEqualTo(10);
        assertThat(PlanBench.quantile(sorted, 0.95)).isEqualTo(19);
        assertThat(List.of(PlanBench.quantile(new double[] {4}, 0.95))).containsExactly(4.0);
    }
}
