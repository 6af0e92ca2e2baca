package dev.headroom.ui.rollouts;

import dev.headroom.rollout.RolloutStep;
import dev.headroom.rollout.StepKind;
import dev.headroom.rollout.StepState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutProgressTest {
    private static final Instant AT = Instant.parse("2026-11-23T01:00:00Z");

    private static RolloutStep step(int seq, StepKind kind, String subject, String argument, StepState state,
                                    String result) {
        boolean begun = state != StepState.PENDING && state != StepState.SKIPPED;
        boolean ended = state == StepState.DONE;
        return new RolloutStep("r1", seq, 1, kind, subject, argument, RolloutStep.key("r1", 1, kind, subject), state,
                begun ? 1 : 0, begun ? Optional.of(AT) : Optional.empty(), ended ? Optional.of(AT) : Optional.empty(),
                Optional.ofNullable(result));
    }

    @Test
    void aHostsStateFollowsItsNewestStep() {
        assertThat(RolloutProgress.host(1, "h", List.of(step(1, StepKind.UPDATE, "h", "2.0", StepState.PENDING, null)))
                .state()).isEqualTo(HostState.WAITING);
        assertThat(RolloutProgress.host(1, "h", List.of(step(1, StepKind.UPDATE, "h", "2.0", StepState.STARTED, null)))
                .state()).isEqualTo(HostState.UPDATING);
        HostRow verifying = RolloutProgress.host(1, "h", List.of(
                step(1, StepKind.UPDATE, "h", "2.0", StepState.DONE, "from 1.4 to 2.0"),
                step(2, StepKind.VERIFY, "h", "", StepState.STARTED, null)));
        assertThat(verifying.state()).isEqualTo(HostState.VERIFYING);
        assertThat(verifying.detail()).isEqualTo("update: from 1.4 to 2.0");
        HostRow failed = RolloutProgress.host(1, "h", List.of(
                step(1, StepKind.UPDATE, "h", "2.0", StepState.DONE, "from 1.4 to 2.0"),
                step(2, StepKind.VERIFY, "h", "", StepState.FAILED, "h failed its health check")));
        assertThat(failed.state()).isEqualTo(HostState.FAILED);
        assertThat(failed.detail()).isEqualTo("failed: h failed its health check");
        HostRow rolledBack = RolloutProgress.host(1, "h", List.of(
                step(1, StepKind.UPDATE, "h", "2.0", StepState.DONE, "from 1.4 to 2.0"),
                step(2, StepKind.VERIFY, "h", "", StepState.SKIPPED, null),
                step(3, StepKind.ROLLBACK, "h", "1.4", StepState.DONE, "rolled back from 2.0 to 1.4")));
        assertThat(rolledBack.state()).isEqualTo(HostState.ROLLED_BACK);
        assertThat(rolledBack.version()).isEqualTo("1.4");
        assertThat(RolloutProgress.host(1, "h", List.of(step(1, StepKind.UPDATE, "h", "2.0", StepState.SKIPPED, null),
                step(2, StepKind.VERIFY, "h", "", StepState.SKIPPED, null))).state()).isEqualTo(HostState.SKIPPED);
    }

    @Test
    void aBatchSaysWhatItDoesAndCountsTheStepsThatRun() {
        List<BatchRow> rows = RolloutProgress.batches(List.of(
                step(1, StepKind.RESERVE, "r1:web/eu/m6", "web|eu|m6|2", StepState.DONE, "granted 1 of 2"),
                step(2, StepKind.UPDATE, "a", "2.0", StepState.DONE, "from 1.4 to 2.0"),
                step(3, StepKind.UPDATE, "b", "2.0", StepState.SKIPPED, null),
                step(4, StepKind.VERIFY, "a", "", StepState.STARTED, null),
                step(5, StepKind.RELEASE, "r1:web/eu/m6", "r1/b1/reserve/r1:web/eu/m6", StepState.PENDING, null)));

        assertThat(rows).singleElement().satisfies(b -> {
            assertThat(b.hosts()).extracting(HostRow::host).containsExactly("a", "b");
            assertThat(b.phase()).isEqualTo("verifying");
            assertThat(b.progressText()).isEqualTo("2/4 steps");
            assertThat(b.state()).isEqualTo(HostState.UPDATING);
        });
    }

    @Test
    void aReservationCostsThePlansPriceForTheShareGrantedOnceTaken() {
        List<RolloutStep> steps = List.of(
                step(1, StepKind.RESERVE, "r1:web/eu/m6", "web|eu|m6|2", StepState.DONE, "granted 1 of 2"),
                step(2, StepKind.RESERVE, "r2:db/eu/r6", "db|eu|r6|1", StepState.PENDING, null));
        List<PlannedReservation> plan = List.of(new PlannedReservation(1, 1, "web", "eu", "m6", 2, false, 0.8),
                new PlannedReservation(1, 2, "db", "eu", "r6", 1, false, 0.5));

        List<ReservationRow> rows = RolloutProgress.reservations(steps, Optional.of(plan));

        assertThat(rows).extracting(ReservationRow::state).containsExactly("held", "planned");
        assertThat(rows.get(0).granted()).isEqualTo(1);
        assertThat(rows.get(0).costSoFar().getAsDouble()).isEqualTo(0.4);
        assertThat(rows.get(1).costSoFar()).isEmpty();
        assertThat(RolloutProgress.reservations(steps, Optional.empty()).get(0).costSoFar())
                .as("unknown when the plan changed after launch").isEmpty();
    }
}
