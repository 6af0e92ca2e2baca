package dev.headroom.plan;

import dev.headroom.domain.Criticality;
import dev.headroom.forecast.FeedbackLoop;
import dev.headroom.forecast.ForecastJournal;
import dev.headroom.forecast.InMemoryForecastJournal;
import dev.headroom.ui.InMemoryFleetStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A service whose latest rollouts ran above the forecast's upper quantile is named in the plan's notes. */
class PlanCalibrationNoteTest {
    private final InMemoryForecastJournal journal = new InMemoryForecastJournal();
    private final FeedbackLoop loop = new FeedbackLoop(new InMemoryFleetStore(), journal);
    private final PlanningProblem problem = TestProblems.create()
            .service("web", Criticality.HIGH, 4, 4, "eu", 2, 0.4)
            .service("db", Criticality.CRITICAL, 2, 8, "eu", 2, 0.3).build();

    private void score(String service, int checks, int above) {
        journal.saveRolloutScores("acme", List.of(new ForecastJournal.RolloutScore("r1", 1, service,
                Instant.parse("2026-11-20T02:00:00Z"), 0.95, checks, 2, 2, (double) above / checks, 3)));
    }

    @Test
    void aFlaggedServiceIsNotedAndAnUnflaggedOneIsNot() {
        score("web", 30, 12);
        score("db", 30, 1);

        PlanningProblem noted = PlanningService.withCalibration(problem, "acme", loop);

        assertThat(noted.notes()).hasSize(problem.notes().size() + 1);
        assertThat(noted.notes().get(noted.notes().size() - 1)).startsWith("Rollouts: during its last rollout web's "
                + "load exceeded the forecast's upper quantile at 12 of 30 checks").contains("too low")
                .contains("higher forecast quantile");
        assertThat(noted.hosts()).isEqualTo(problem.hosts());
        assertThat(noted.demands()).isEqualTo(problem.demands());
    }

    @Test
    void withoutFlaggedServicesTheProblemIsUnchanged() {
        score("db", 30, 1);
        assertThat(PlanningService.withCalibration(problem, "acme", loop)).isSameAs(problem);
        assertThat(PlanningService.withCalibration(problem, "other", loop)).isSameAs(problem);
    }
}
