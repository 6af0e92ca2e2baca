package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BaselinesAndReplayTest {
    @Test
    void rollingTakesAQuarterOfEachServiceAtATimeAllServicesAtOnce() {
        PlanningProblem p = TestProblems.create().service("web", Criticality.LOW, 8, 4, "eu", 3, 0.2)
                .service("api", Criticality.LOW, 4, 4, "us", 2, 0.2).build();
        Plan plan = Baselines.rolling(0.25).plan(p);
        assertThat(plan.batches()).filteredOn(b -> b.hosts().get(0).startsWith("web")).hasSize(4)
                .allSatisfy(b -> assertThat(b.hosts()).hasSize(2));
        assertThat(plan.batches()).filteredOn(b -> b.hosts().get(0).startsWith("api")).hasSize(4)
                .first().satisfies(b -> assertThat(b.startStep()).isZero());
        assertThat(plan.summary().makespanMinutes()).isEqualTo(4 * 3 * 5);
        assertThat(plan.batches()).allSatisfy(b -> assertThat(b.reservations()).isEmpty());
    }

    @Test
    void rollingInReleaseOrderStartsAServiceWhenItsPrerequisitesRollingUpdatesHaveEnded() {
        // api's release requires web's: web's 4 rounds of 3 steps first, then api's
        PlanningProblem p = TestProblems.create().service("web", Criticality.LOW, 8, 4, "eu", 3, 0.2)
                .service("api", Criticality.LOW, 4, 4, "us", 2, 0.2).requires("api", "web").build();
        Plan unordered = Baselines.rolling(0.25).plan(p);
        Plan ordered = Baselines.rollingInReleaseOrder(0.25).plan(p);

        assertThat(ordered.solver()).isEqualTo("rolling-25%-ordered");
        assertThat(unordered.batches()).filteredOn(b -> b.hosts().get(0).startsWith("api")).first()
                .satisfies(b -> assertThat(b.startStep()).isZero());
        int webEnd = ordered.batches().stream().filter(b -> b.hosts().get(0).startsWith("web"))
                .mapToInt(Plan.Batch::endStep).max().orElseThrow();
        assertThat(webEnd).isEqualTo(4 * 3);
        assertThat(ordered.batches()).filteredOn(b -> b.hosts().get(0).startsWith("api")).hasSize(4)
                .allSatisfy(b -> assertThat(b.startStep()).isGreaterThanOrEqualTo(webEnd));
        assertThat(ordered.summary().makespanMinutes()).isEqualTo((4 * 3 + 4 * 2) * 5);
        assertThat(ordered.batches()).extracting(Plan.Batch::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void seedGreedyFillsBatchesByFleetCapacityWithoutLookingAtServices() {
        PlanningProblem p = TestProblems.create().service("web", Criticality.CRITICAL, 4, 4, "eu", 3, 0.7)
                .service("api", Criticality.LOW, 4, 4, "eu", 3, 0.1).build();
        Plan plan = Baselines.seed001Greedy().plan(p);
        // 32 cores × 0.25 = 8 cores a batch: two hosts, and the seed's formula puts critical hosts first
        assertThat(plan.batches()).hasSize(4);
        assertThat(plan.batches().get(0).hosts()).allSatisfy(h -> assertThat(h).startsWith("web"));
        assertThat(plan.summary().predictedViolations()).isPositive();
    }

    @Test
    void replayCountsMinutesAndDepthOfLoadAboveCapacityInService() {
        PlanningProblem p = TestProblems.create().service("web", Criticality.LOW, 4, 4, "eu", 2, 0.2).build();
        Plan rolling = Baselines.rolling(0.25).plan(p);
        double[] actual = new double[p.steps()];
        Arrays.fill(actual, 13); // 16 cores, one host out leaves 12: one core short while a host is out
        Replay.Result r = Replay.run(p, rolling, Map.of("web", actual));
        assertThat(r.violationMinutes()).isEqualTo(4 * 2 * 5);
        assertThat(r.planCausedMinutes()).isEqualTo(r.violationMinutes());
        assertThat(r.worstShortCores()).isEqualTo(1.0);
        assertThat(r.shortCoreHours()).isCloseTo(40 / 60.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.windowMinutes()).isEqualTo(40);
    }

    @Test
    void surgeInAPlanCoversTheLoadItWasSizedFor() {
        PlanningProblem p = TestProblems.create().service("web", Criticality.LOW, 8, 4, "eu", 3, 0.7)
                .surge("eu", "m5.large", 2, 0.1, 0.04).build();
        Plan plan = new HeuristicPlanner().plan(p);
        double[] actual = p.demands().get("web").demandCores();
        assertThat(Replay.run(p, plan, Map.of("web", actual)).violationMinutes()).isZero();
        assertThat(Replay.run(p, Baselines.rolling(0.25).plan(p), Map.of("web", actual)).violationMinutes()).isZero();
    }
}
