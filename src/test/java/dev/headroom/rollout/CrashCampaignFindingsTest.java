package dev.headroom.rollout;

import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the crash campaigns found, reproduced without kills, one deterministic test each.
 */
class CrashCampaignFindingsTest {
    @TempDir
    Path dir;

    /**
     * Found by the operator campaign (CrashCampaignTest#killedAtRandomMomentsWhileTheOperatorRollsBack…,
     * seed 32386902153066 at 250 kills, and again in the CI crash step at 40 kills: "hosts of several
     * batches out of service at once: {web-5=3, web-1=1}", "{web-3=2, web-1=1}"). An operator's
     * rollback-batch of an earlier, finished batch, requested while the current batch's hosts are
     * updated but not yet restored, is carried out at once, between two steps: the rollback drains
     * the earlier batch's host while the current batch is still out of service, so two batches are
     * out at the same time, below the capacity floor the plan was approved for. Reproduction: four
     * web hosts (batches web-1+web-2, web-3+web-4, then db-1), rollback-batch 1 as soon as batch 2's
     * updates are done. Fixed: such a rollback waits until the current part's hosts are back in service.
     */
    @Test
    void anOperatorsRollbackOfAFinishedBatchDoesNotDrainItWhileTheCurrentBatchIsOutOfService() {
        Path db = dir.resolve("headroom.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(Instant.parse("2026-11-23T00:30:00Z"));
            RolloutTestData.setUp(store, clock, 2);
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            // out-of-service hosts in the sandbox at the moment each rollback is sent
            List<String> outAtRollback = new ArrayList<>();
            RolloutProvider provider = new InterceptingProvider(RolloutTestData.sandbox(store, clock)) {
                @Override
                protected <T> T call(String key, Supplier<T> action) {
                    if (key.contains("/rollback")) {
                        outAtRollback.add(key + " while out: " + CapacityFloorChecker.query(db, "SELECT host FROM "
                                + "sandbox_host_state WHERE in_service = 0 ORDER BY host"));
                    }
                    return action.get();
                }
            };
            RolloutService rollouts = RolloutTestData.service(store, clock, provider, clock.waiter());
            Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.of("2.1.0"), "ops");
            boolean[] requested = {false};
            rollouts.drive(r.id(), line -> {
                List<RolloutStep> steps = journal.steps(r.id());
                boolean batch2Updated = steps.stream().filter(s -> s.batch() == 2 && s.kind() == StepKind.UPDATE)
                        .allMatch(s -> s.state() == StepState.DONE);
                if (!requested[0] && batch2Updated) {
                    requested[0] = true;
                    rollouts.rollbackBatch(r.id(), 1, "ops");
                }
            });
            assertThat(requested[0]).isTrue();
            while (!rollouts.rollout(r.id()).status().finished()) {
                rollouts.resume(r.id(), "ops");
                rollouts.drive(r.id(), line -> { });
            }
            assertThat(outAtRollback).as("rollbacks of batch 1 sent").isNotEmpty()
                    .allSatisfy(x -> assertThat(x).doesNotContain("web-3").doesNotContain("web-4"));
            CrashInvariants.assertHoldAfterReplans(store, db, RolloutTestData.ACCOUNT);
        }
    }

    /**
     * Found by the operator campaign in verify (CI, 23 Nov: "hosts of several batches out of service
     * at once: {web-6=3, web-4=2}", then "{web-6=3, web-3=2}"). The operator rolls back the current
     * batch; while that rollback is under way (a host rolled back, so out of service, its restore
     * still to come) a rollback-batch of an earlier batch is requested. The first fix only waited
     * for the current part's own updates to be restored, so the earlier batch's rollback was
     * inserted ahead of the pending restore and drained its hosts beside the rolled-back one.
     * Fixed: a rollback of a batch waits while any host of another batch is out of service.
     */
    @Test
    void anOperatorsRollbackOfAnEarlierBatchWaitsForTheCurrentBatchsRollbackToRestoreItsHosts() {
        Path db = dir.resolve("headroom.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(Instant.parse("2026-11-23T00:30:00Z"));
            RolloutTestData.setUp(store, clock, 2);
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            List<String> outAtRollback = new ArrayList<>();
            RolloutProvider provider = new InterceptingProvider(RolloutTestData.sandbox(store, clock)) {
                @Override
                protected <T> T call(String key, Supplier<T> action) {
                    if (key.contains("/b1/rollback")) {
                        outAtRollback.add(key + " while out: " + CapacityFloorChecker.query(db, "SELECT host FROM "
                                + "sandbox_host_state WHERE in_service = 0 ORDER BY host"));
                    }
                    return action.get();
                }
            };
            RolloutService rollouts = RolloutTestData.service(store, clock, provider, clock.waiter());
            Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO, Optional.of("2.1.0"), "ops");
            int[] stage = {0};
            rollouts.drive(r.id(), line -> {
                List<RolloutStep> steps = journal.steps(r.id());
                if (stage[0] == 0 && steps.stream().filter(s -> s.batch() == 2 && s.kind() == StepKind.UPDATE)
                        .allMatch(s -> s.state() == StepState.DONE)) {
                    stage[0] = 1;
                    rollouts.rollbackBatch(r.id(), 2, "ops");
                } else if (stage[0] == 1 && steps.stream().anyMatch(s -> s.batch() == 2
                        && s.kind() == StepKind.ROLLBACK && s.state() == StepState.DONE)) {
                    stage[0] = 2;
                    rollouts.rollbackBatch(r.id(), 1, "ops");
                }
            });
            while (!rollouts.rollout(r.id()).status().finished()) {
                rollouts.resume(r.id(), "ops");
                rollouts.drive(r.id(), line -> { });
            }
            assertThat(stage[0]).as("both rollbacks requested").isEqualTo(2);
            assertThat(outAtRollback).as("rollbacks of batch 1 sent").isNotEmpty()
                    .allSatisfy(x -> assertThat(x).doesNotContain("web-3").doesNotContain("web-4"));
            CrashInvariants.assertHoldAfterReplans(store, db, RolloutTestData.ACCOUNT);
        }
    }
}
