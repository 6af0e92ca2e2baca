package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abort at every step of the small plan (web-1 and web-2, then db-1: 14 steps) × {clean, provider
 * errors during the compensation, crash during the compensation}. At the end the rollout is
 * aborted, every host of the batch being rolled back is on its previous version and in service,
 * finished batches keep the new version, no reservation is held, and every invariant of
 * {@link CrashInvariants} holds (each action once, floor and ceiling at every tick).
 */
class AbortMatrixTest {
    @TempDir
    Path dir;

    static IntStream steps() {
        return IntStream.rangeClosed(1, 14);
    }

    @ParameterizedTest(name = "abort after step {0}, clean")
    @MethodSource("steps")
    void abortAfterEachStepRollsTheBatchBackToThePreviousVersionWithNoSurgeLeft(int step) throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Path db = SystematicCrashTest.copy(template, dir, "clean-" + step);
        try (SqliteStore store = SqliteStore.open(db)) {
            Rollout end = SystematicCrashChild.run(store, new CrashInvariants.TickingClock(SystematicCrashTest.RUN),
                    step, line -> { });
            assertThat(end.status()).isEqualTo(RolloutStatus.ABORTED);
            CrashInvariants.assertHold(store, db, RolloutTestData.ACCOUNT);
            assertRolledBack(store, db, end.id(), RolloutTestData.versions(template));
        }
    }

    /**
     * Every compensation call fails twice: once refused before the provider acts, once with the
     * reply lost after it acted. The operator resumes after each failure, as the alert tells them;
     * the retries carry the same key, so nothing is applied twice.
     */
    @ParameterizedTest(name = "abort after step {0}, provider errors during the abort")
    @MethodSource("steps")
    void providerErrorsDuringTheAbortAreRetriedOnResumeAndApplyNothingTwice(int step) throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Path db = SystematicCrashTest.copy(template, dir, "errors-" + step);
        CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(SystematicCrashTest.RUN);
        try (SqliteStore store = SqliteStore.open(db)) {
            FailingCompensation provider = new FailingCompensation(RolloutTestData.sandbox(store, clock));
            RolloutService rollouts = RolloutTestData.service(store, clock, provider, clock.waiter());
            Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                    Optional.of(SystematicCrashChild.VERSION), "matrix");
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            Rollout end = rollouts.drive(r.id(), line -> {
                if (journal.rollout(r.id()).orElseThrow().status() == RolloutStatus.RUNNING
                        && journal.steps(r.id()).get(step - 1).state() == StepState.DONE) {
                    rollouts.abort(r.id(), "matrix");
                }
            });
            int resumes = 0;
            while (!end.status().finished()) {
                assertThat(end.status()).as(end.detail()).isEqualTo(RolloutStatus.FAILED);
                assertThat(++resumes).as("resumes").isLessThan(50);
                rollouts.resume(r.id(), "matrix");
                end = rollouts.drive(r.id(), line -> { });
            }
            // ABORTED is what it should end as; the engine ends it DONE today (see the disabled test below)
            assertThat(end.status()).as("an aborted rollout resumed after provider errors").isIn(
                    RolloutStatus.ABORTED, RolloutStatus.DONE);
            CrashInvariants.assertHold(store, db, RolloutTestData.ACCOUNT);
            assertRolledBack(store, db, end.id(), RolloutTestData.versions(template));
            if (journal.steps(r.id()).stream().anyMatch(s -> s.kind() == StepKind.ROLLBACK
                    || s.subject().startsWith("abort:"))) {
                assertThat(provider.failures).as("errors injected during the abort").isPositive();
            }
        }
    }

    /**
     * An engine defect this matrix found (22 Nov 2026, fixed by the rollout's durable
     * {@code abort_requested}): a compensation step that failed made the rollout {@code failed}, and
     * resuming it made it {@code running}, so the abort was forgotten and the rollout ended
     * {@code done} instead of {@code aborted}.
     */
    @ParameterizedTest(name = "abort after step {0}, provider errors during the abort: ends aborted")
    @MethodSource("steps")
    void anAbortResumedAfterAProviderErrorEndsAborted(int step) throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Path db = SystematicCrashTest.copy(template, dir, "status-" + step);
        CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(SystematicCrashTest.RUN);
        try (SqliteStore store = SqliteStore.open(db)) {
            RolloutService rollouts = RolloutTestData.service(store, clock,
                    new FailingCompensation(RolloutTestData.sandbox(store, clock)), clock.waiter());
            Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                    Optional.of(SystematicCrashChild.VERSION), "matrix");
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            Rollout end = rollouts.drive(r.id(), line -> {
                if (journal.rollout(r.id()).orElseThrow().status() == RolloutStatus.RUNNING
                        && journal.steps(r.id()).get(step - 1).state() == StepState.DONE) {
                    rollouts.abort(r.id(), "matrix");
                }
            });
            for (int resumes = 0; !end.status().finished() && resumes < 50; resumes++) {
                rollouts.resume(r.id(), "matrix");
                end = rollouts.drive(r.id(), line -> { });
            }
            assertThat(end.status()).isEqualTo(RolloutStatus.ABORTED);
        }
    }

    /**
     * An engine defect found here (22 Nov 2026, fixed with {@link RolloutProvider#appliedUpdate}): the
     * compensation rolled back only {@code done} updates, so an update whose reply was lost after the
     * provider applied it stayed {@code failed} and the abort left that host on the new version.
     */
    @org.junit.jupiter.api.Test
    void anAbortAfterAnUpdateWhoseReplyWasLostRollsThatHostBack() throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Path db = SystematicCrashTest.copy(template, dir, "lost-reply");
        CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(SystematicCrashTest.RUN);
        try (SqliteStore store = SqliteStore.open(db)) {
            RolloutProvider sandbox = RolloutTestData.sandbox(store, clock);
            RolloutProvider lostReply = new FailingCompensation(sandbox) {
                {
                    failCompensation = false;
                }

                @Override
                public UpdateReply update(String account, VersionTrigger trigger) {
                    UpdateReply reply = sandbox.update(account, trigger);
                    if (trigger.host().equals("web-1") && trigger.idempotencyKey().contains("/update/")) {
                        throw new HeadroomException("The sandbox provider's reply was lost (injected); try again.");
                    }
                    return reply;
                }
            };
            RolloutService rollouts = RolloutTestData.service(store, clock, lostReply, clock.waiter());
            Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                    Optional.of(SystematicCrashChild.VERSION), "matrix");
            assertThat(rollouts.drive(r.id(), line -> { }).status()).isEqualTo(RolloutStatus.FAILED);
            rollouts.abort(r.id(), "matrix");
            assertThat(rollouts.drive(r.id(), line -> { }).status()).isEqualTo(RolloutStatus.ABORTED);
            assertThat(RolloutTestData.versions(db)).isEqualTo(RolloutTestData.versions(template));
            try (SqliteStore check = SqliteStore.open(db)) {
                CapacityFloorChecker.assertHolds(check, db, RolloutTestData.ACCOUNT);
            }
        }
    }

    /** Halted just before the compensation's first commit and just after one in its middle, then restarted. */
    @ParameterizedTest(name = "abort after step {0}, crash during the abort")
    @MethodSource("steps")
    void aCrashDuringTheAbortIsResumedAndRollsBackOnce(int step) throws Exception {
        SystematicCrashTest.Result r = SystematicCrashTest.campaign(dir, step, SystematicCrashTest.Halts.TWO_IN_THE_ABORT);
        assertThat(r.halts()).isEqualTo(2);
    }

    /**
     * The end of an abort: rolled back once per updated host of the compensated batch, every host
     * on the version it should have (the new one for a host whose update stands, else the one it
     * had before the rollout), and nothing held.
     */
    static void assertRolledBack(SqliteStore store, Path db, String id, Map<String, String> before) {
        List<RolloutStep> steps = new SqliteRolloutJournal(store).steps(id);
        Map<String, String> expected = new HashMap<>(before);
        Map<String, Integer> rollbacks = new HashMap<>();
        for (RolloutStep s : steps) {
            if (s.kind() == StepKind.UPDATE && s.state() == StepState.DONE) {
                expected.put(s.subject(), s.argument());
            }
            if (s.kind() == StepKind.ROLLBACK) {
                assertThat(s.state()).as(s.describe()).isEqualTo(StepState.DONE);
                assertThat(s.argument()).as("rolled back to the version it had").isEqualTo(before.get(s.subject()));
                expected.put(s.subject(), s.argument());
                rollbacks.merge(s.subject(), 1, Integer::sum);
            }
        }
        assertThat(rollbacks.values()).as("one rollback per host").allMatch(n -> n == 1);
        // the hosts of the compensated batch that were updated are the ones rolled back
        int compensated = steps.stream().filter(s -> s.kind() == StepKind.ROLLBACK).mapToInt(RolloutStep::batch)
                .findFirst().orElse(-1);
        steps.stream().filter(s -> s.kind() == StepKind.UPDATE && s.batch() == compensated
                        && s.state() == StepState.DONE)
                .forEach(s -> assertThat(rollbacks).as("updated host of the compensated batch").containsKey(s.subject()));
        assertThat(RolloutTestData.versions(db)).as("versions after the abort").isEqualTo(expected);
        assertThat(CapacityFloorChecker.query(db, "SELECT reservation_key FROM sandbox_reservation WHERE released_at "
                + "IS NULL")).as("surge held after the abort").isEmpty();
    }

    /** The sandbox, failing each compensation call twice: refused before acting, then the reply lost after acting. */
    static class FailingCompensation extends InterceptingProvider {
        private final Map<String, Integer> calls = new HashMap<>();
        int failures;
        boolean failCompensation = true;

        FailingCompensation(RolloutProvider inner) {
            super(inner);
        }

        private boolean compensation(String key) {
            return key.contains("/rollback/") || key.contains("/release/abort:") || key.contains("/restore/abort:");
        }

        @Override
        protected <T> T call(String key, java.util.function.Supplier<T> action) {
            if (!failCompensation || !compensation(key)) {
                return action.get();
            }
            int n = calls.merge(key, 1, Integer::sum);
            if (n == 1) {
                failures++;
                throw new HeadroomException("The sandbox provider is unavailable (injected); try again.");
            }
            T result = action.get();
            if (n == 2) {
                failures++;
                throw new HeadroomException("The sandbox provider's reply was lost (injected); try again.");
            }
            return result;
        }
    }
}
