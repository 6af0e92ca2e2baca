package dev.headroom.plan.bench;

import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ServiceDemand;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BusyFleetTest {
    @Test
    void theBusiestServicesExpectedPeakReachesTheGivenShareAndActualLoadScalesAlike() {
        PlanningProblem problem = SyntheticFleet.problem(120, 2);
        Map<String, double[]> actual = new LinkedHashMap<>();
        problem.demands().forEach((s, d) -> actual.put(s, d.expectedCores()));

        BusyFleet.Scaled hot = BusyFleet.atPeakUtilisation(problem, actual, 0.9);

        double peak = 0;
        for (ServiceDemand d : hot.problem().demands().values()) {
            for (double v : d.expectedCores()) {
                peak = Math.max(peak, v / d.capacityCores());
            }
        }
        assertThat(peak).isCloseTo(0.9, within(1e-9));
        String s = problem.demands().keySet().iterator().next();
        ServiceDemand before = problem.demands().get(s);
        ServiceDemand after = hot.problem().demands().get(s);
        // one factor for forecast (both quantiles) and actual load; capacity and limits stay
        assertThat(after.demandAt(5)).isCloseTo(before.demandAt(5) * hot.factor(), within(1e-9));
        assertThat(after.expectedAt(5)).isCloseTo(before.expectedAt(5) * hot.factor(), within(1e-9));
        assertThat(hot.actual().get(s)[5]).isCloseTo(actual.get(s)[5] * hot.factor(), within(1e-9));
        assertThat(after.capacityCores()).isEqualTo(before.capacityCores());
        assertThat(after.limit()).isEqualTo(before.limit());
        assertThat(hot.problem().hosts()).extracting(PlanHost::loadScore).allMatch(v -> v <= 100);
        assertThat(hot.problem().hosts()).extracting(PlanHost::id)
                .containsExactlyElementsOf(problem.hosts().stream().map(PlanHost::id).toList());
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        PlanningProblem problem = SyntheticFleet.problem(40, 1);

        assertThatThrownBy(() -> BusyFleet.atPeakUtilisation(problem, Map.of(), 1.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in (0, 1]");
    }
}
