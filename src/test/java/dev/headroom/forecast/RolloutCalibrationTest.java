package dev.headroom.forecast;

import dev.headroom.ui.InMemoryFleetStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The feedback loop's view of rollout scores: which services' upper quantile did not hold. */
class RolloutCalibrationTest {
    private final InMemoryForecastJournal journal = new InMemoryForecastJournal();
    private final FeedbackLoop loop = new FeedbackLoop(new InMemoryFleetStore(), journal);

    private static ForecastJournal.RolloutScore score(String rollout, int batch, String service, int day, int checks,
                                                      int above, double bias) {
        return new ForecastJournal.RolloutScore(rollout, batch, service,
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(86_400L * day), 0.95, checks, Math.abs(bias), bias,
                (double) above / checks, Math.max(0, bias));
    }

    @Test
    void binomialTailMatchesHandComputedValues() {
        assertThat(FeedbackLoop.atLeast(0, 10, 0.05)).isEqualTo(1.0);
        assertThat(FeedbackLoop.atLeast(1, 1, 0.05)).isCloseTo(0.05, within(1e-12));
        // P(X >= 2 | 3, 0.1) = 3 * 0.01 * 0.9 + 0.001
        assertThat(FeedbackLoop.atLeast(2, 3, 0.1)).isCloseTo(0.028, within(1e-12));
        assertThat(FeedbackLoop.atLeast(5, 2000, 0.05)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aServiceAboveItsUpperQuantileFarMoreOftenThanAllowedIsFlagged() {
        journal.saveRolloutScores("a", List.of(score("r1", 1, "web", 1, 20, 9, 3.5), score("r1", 2, "web", 1, 20, 6,
                2.5), score("r1", 1, "db", 1, 20, 1, -0.5)));

        FeedbackLoop.RolloutCalibration web = loop.rolloutCalibration("a", "web").orElseThrow();
        assertThat(web.checks()).isEqualTo(40);
        assertThat(web.above()).isEqualTo(15);
        assertThat(web.expectedShare()).isCloseTo(0.05, within(1e-12));
        assertThat(web.meanBias()).isCloseTo(3.0, within(1e-12));
        assertThat(web.flagged()).isTrue();
        assertThat(web.describe()).contains("15 of 40 checks").contains("5 % expected").contains("too low");

        // one tick in twenty above a 95 % quantile is what it promises
        FeedbackLoop.RolloutCalibration db = loop.rolloutCalibration("a", "db").orElseThrow();
        assertThat(db.flagged()).isFalse();
        assertThat(db.chance()).isGreaterThan(FeedbackLoop.CALIBRATION_ALPHA);
        assertThat(loop.rolloutCalibration("a", "cache")).isEmpty();
        assertThat(loop.rolloutCalibration("b", "web")).isEmpty();
    }

    @Test
    void onlyTheLatestRolloutsCountAndARewrittenScoreIsNotCountedTwice() {
        journal.saveRolloutScores("a", List.of(score("r1", 1, "web", 1, 10, 10, 5)));
        for (int i = 2; i <= 1 + FeedbackLoop.ROLLOUT_WINDOW; i++) {
            journal.saveRolloutScores("a", List.of(score("r" + i, 1, "web", i, 10, 0, -1)));
        }
        // written again, as a driver that finishes a rollout twice does
        journal.saveRolloutScores("a", List.of(score("r4", 1, "web", 4, 10, 0, -1)));

        FeedbackLoop.RolloutCalibration web = loop.rolloutCalibration("a", "web").orElseThrow();
        assertThat(web.rollouts()).isEqualTo(FeedbackLoop.ROLLOUT_WINDOW);
        assertThat(web.checks()).isEqualTo(10 * FeedbackLoop.ROLLOUT_WINDOW);
        assertThat(web.above()).isZero();
        assertThat(web.flagged()).isFalse();
    }
}
