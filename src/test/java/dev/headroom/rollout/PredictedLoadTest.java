package dev.headroom.rollout;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ServiceDemand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast a rollout is monitored against, read from a planning problem's demand. */
class PredictedLoadTest {
    private static final Instant START = Instant.parse("2026-11-23T01:00:00Z");

    @Test
    void eachPlanTimeGetsTheMedianAndUpperQuantileOfItsPlanningStepAndNothingOutsideTheWindow() {
        ServiceDemand web = new ServiceDemand("web", Criticality.HIGH, 20, 0.8, 0.5, new double[] {8, 9, 12},
                new double[] {6, 7, 10}, "");
        PlanningProblem problem = new PlanningProblem("night", Policy.DEFAULT, START, Duration.ofMinutes(5), 3,
                List.of(), Map.of("web", web), Map.of(), Map.of(), Map.of(), List.of());
        PredictedLoad load = PredictedLoad.of(problem);

        assertThat(load.at("web", START)).hasValue(new PredictedLoad.Band(6, 8));
        assertThat(load.at("web", START.plus(Duration.ofMinutes(7)))).hasValue(new PredictedLoad.Band(7, 9));
        assertThat(load.at("web", START.plus(Duration.ofMinutes(14)))).hasValue(new PredictedLoad.Band(10, 12));
        assertThat(load.at("web", START.plus(Duration.ofMinutes(15)))).isEmpty();
        assertThat(load.at("web", START.minusSeconds(1))).isEmpty();
        assertThat(load.at("db", START)).isEqualTo(Optional.empty());
    }

    @Test
    void theSlopeIsTheLeastSquaresLoadChangePerSecondWhateverTheCapacityDoes() {
        List<LoadCheck> ticks = List.of(
                new LoadCheck("r1", 1, "web", START, 3, 4, 5, 10),
                new LoadCheck("r1", 1, "web", START.plusSeconds(60), 3, 4, 6, 8),
                new LoadCheck("r1", 1, "web", START.plusSeconds(120), 3, 4, 7, 6));
        // load 5, 6, 7 cores over two minutes while the batch drains capacity from 10 to 6: the trend is the load's
        assertThat(RolloutService.slope(ticks)).isCloseTo(1.0 / 60, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RolloutService.slope(ticks.subList(0, 1))).isZero();
    }
}
