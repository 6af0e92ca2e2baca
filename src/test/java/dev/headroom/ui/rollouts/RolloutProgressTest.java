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

    private static RolloutStep partStep(int seq, int batch, int part, StepKind kind, String subject, String argument,
                                        StepState state, String result) {
        RolloutStep p = step(seq, kind, subject, argument, state, result);
        return new RolloutStep("r1", seq, batch, part, kind, subject, argument, RolloutStep.key("r1", batch, part, kind,
                subject), state, p.attempts(), p.startedAt(), p.finishedAt(), p.result());
    }

    @Test
    void aSplitPartIsARowOfItsOwnAndItsMovedHostsSaySo() {
        List<RolloutStep> steps = List.of(
                partStep(1, 2, 0, StepKind.RESERVE, "r1:web", "web|eu|m6|2", StepState.DONE, "granted 1 of 2"),
                partStep(2, 2, 0, StepKind.UPDATE, "a", "2.0", StepState.DONE, "from 1.4 to 2.0"),
                partStep(3, 2, 0, StepKind.UPDATE, "b", "2.0", StepState.SKIPPED, "moved to batch 2.1: granted 1 of 2"),
                partStep(4, 2, 0, StepKind.SHADOW, "a", "2.0|30", StepState.STARTED, null),
                partStep(5, 2, 1, StepKind.RESERVE, "r1:web", "web|eu|m6|1", StepState.PENDING, null),
                partStep(6, 2, 1, StepKind.UPDATE, "b", "2.0", StepState.PENDING, null));

        List<BatchRow> rows = RolloutProgress.batches(steps);

        assertThat(rows).extracting(BatchRow::label).containsExactly("2", "2.1");
        assertThat(rows.get(0).hosts()).extracting(HostRow::state).containsExactly(HostState.SHADOW, HostState.MOVED);
        assertThat(rows.get(0).hosts().get(1).detail()).isEqualTo("moved to batch 2.1: granted 1 of 2");
        assertThat(rows.get(0).phase()).isEqualTo("running in shadow");
        assertThat(rows.get(0).state()).isEqualTo(HostState.SHADOW);
        assertThat(rows.get(1).hosts()).extracting(HostRow::host, HostRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", HostState.WAITING));
        assertThat(HostState.SHADOW.label()).isEqualTo("in shadow");
        assertThat(RolloutProgress.reservations(steps, Optional.empty())).extracting(ReservationRow::batchLabel)
                .containsExactly("2", "2.1");
    }

    @Test
    void aDeferredPartIsHeldWithItsReasonWhileTheRolloutIsPausedAndALeftOutHostSaysSo() {
        String why = "Batch 1 deferred: no capacity. Resume when the provider has capacity, or abort.";
        List<RolloutStep> steps = List.of(
                partStep(1, 1, 0, StepKind.RESERVE, "r1:web", "web|eu|m6|2", StepState.FAILED, "no capacity"),
                partStep(2, 1, 0, StepKind.UPDATE, "a", "2.0", StepState.SKIPPED, "deferred: no capacity"),
                partStep(3, 1, 0, StepKind.HOLD, "hold:defer", why, StepState.DONE, "paused: " + why),
                partStep(4, 1, 1, StepKind.RESERVE, "r1:web", "web|eu|m6|2", StepState.PENDING, null),
                partStep(5, 1, 1, StepKind.UPDATE, "a", "2.0", StepState.PENDING, null),
                partStep(6, 2, 0, StepKind.UPDATE, "c", "2.0", StepState.SKIPPED, "left out: deferred 3 times: CPU"));

        List<BatchRow> paused = RolloutProgress.batches(steps, true);

        assertThat(paused).extracting(BatchRow::label).containsExactly("1", "1.1", "2");
        assertThat(paused.get(0).held()).isTrue();
        assertThat(paused.get(0).hold()).isEqualTo(why);
        assertThat(paused.get(0).phase()).isEqualTo("held for the operator");
        assertThat(paused.get(0).state()).isEqualTo(HostState.HELD);
        assertThat(paused.get(0).hosts().get(0).state()).isEqualTo(HostState.MOVED);
        assertThat(paused.get(1).held()).isFalse();
        assertThat(paused.get(2).hosts().get(0).state()).isEqualTo(HostState.LEFT_OUT);
        assertThat(paused.get(2).hosts().get(0).detail()).isEqualTo("left out: deferred 3 times: CPU");

        BatchRow resumed = RolloutProgress.batches(steps, false).get(0);
        assertThat(resumed.held()).as("once resumed, the hold is history").isFalse();
        assertThat(resumed.phase()).isEqualTo("deferred: queued again");
        assertThat(resumed.hold()).isEqualTo(why);
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
