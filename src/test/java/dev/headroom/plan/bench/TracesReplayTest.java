package dev.headroom.plan.bench;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.ProgressListener;
import dev.headroom.forecast.Forecasters;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ProblemBuilder;
import dev.headroom.plan.Replay;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's replay target on real traces: Headroom's plan has fewer violation minutes than the
 * 25 % rolling update, in a window no longer. Skipped when ../shared/data is absent.
 */
class TracesReplayTest {
    @Test
    void headroomBeatsTheRollingUpdateOnRealTraces() {
        Path dir = Path.of(System.getProperty("headroom.shared.data", "../shared/data"), "traces");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("series.csv")), "shared traces are not present");
        AccountSnapshot s = TracesScenario.read(dir);
        PlanningProblem problem = ProblemBuilder.build("traces", s, s.policy().orElseThrow(),
                TracesScenario.WINDOW_START, Forecasters.standard(), ProgressListener.NONE);
        Map<String, double[]> actual = ProblemBuilder.actualLoad(s, problem).orElseThrow();
        List<ReplayBench.Row> rows = ReplayBench.run(problem, actual);
        rows.forEach(r -> System.out.println(r));
        Replay.Result headroom = rows.get(0).replay();
        Replay.Result rolling = rows.get(1).replay();
        assertThat(rows.get(0).predictedViolations()).isZero();
        assertThat(headroom.planCausedMinutes()).isLessThan(rolling.planCausedMinutes());
        assertThat(headroom.violationMinutes()).isLessThan(rolling.violationMinutes());
        assertThat(headroom.windowMinutes()).isLessThanOrEqualTo(rolling.windowMinutes());
    }
}
