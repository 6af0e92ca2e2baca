package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.ui.common.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storage faults: the rollout of the small plan (web-1 and web-2, then db-1) meets a failing disk
 * at its N-th write statement, for every N, and at its N-th commit, for every N. The failure
 * reaches the caller as a {@link HeadroomException} whose operator message (what the UI shows
 * through {@link Problems}) names the database and what to do; the store then holds exactly what
 * the last successful commit left (rollout, steps, audit, provider actions, the sandbox's world);
 * and once the disk works again the rollout resumes and finishes with every invariant of
 * {@link CrashInvariants}.
 *
 * <p>Two kinds of fault: a full disk that stays full from the N-th write on (nothing after it can
 * be saved, not even the record of the failure), and a single I/O error at the N-th write (the
 * engine goes on: a failed provider write becomes a failed step the operator resumes).
 */
class StorageFaultTest {
    @TempDir
    Path dir;

    /** The reference run: dumps after each commit, and how many writes each commit had made by then. */
    private record Reference(List<List<String>> states, List<Long> writesAt, long writes) {
    }

    private Reference reference(Path template) throws Exception {
        Path db = SystematicCrashTest.copy(template, dir, "reference");
        List<List<String>> states = new ArrayList<>();
        List<Long> writesAt = new ArrayList<>();
        long[] writes = {0};
        states.add(CrashInvariants.dump(db));
        writesAt.add(0L);
        try (SqliteStore store = SqliteStore.open(db, new SqliteStore.Seam() {
            @Override
            public void beforeWrite(long n, String sql) {
                writes[0] = n;
            }

            @Override
            public void afterCommit(long n) {
                states.add(CrashInvariants.dump(db));
                writesAt.add(writes[0]);
            }
        })) {
            SystematicCrashChild.run(store, new CrashInvariants.TickingClock(SystematicCrashTest.RUN), 0, l -> { });
        }
        return new Reference(states, writesAt, writes[0]);
    }

    /** Fails writes (or commits) from the {@code at}-th on, or only the {@code at}-th; counts commits that succeeded. */
    private static final class Disk implements SqliteStore.Seam {
        final long at;
        final boolean commits;
        final boolean stays;
        long committed;
        int failures;

        Disk(long at, boolean commits, boolean stays) {
            this.at = at;
            this.commits = commits;
            this.stays = stays;
        }

        private void fail(long n) throws SQLException {
            if (n == at || stays && n > at) {
                failures++;
                throw stays ? new SQLiteException("[SQLITE_FULL] Insertion failed because database is full "
                        + "(database or disk is full, injected)", SQLiteErrorCode.SQLITE_FULL)
                        : new SQLiteException("[SQLITE_IOERR] Some kind of disk I/O error occurred (disk I/O error, "
                        + "injected)", SQLiteErrorCode.SQLITE_IOERR);
            }
        }

        @Override
        public void beforeWrite(long n, String sql) throws SQLException {
            if (!commits) {
                fail(n);
            }
        }

        @Override
        public void beforeCommit(long n) throws SQLException {
            if (commits) {
                fail(n);
            }
        }

        @Override
        public void afterCommit(long n) {
            committed = n;
        }
    }

    @Test
    void aDiskFullFromTheNthWriteOnLeavesTheJournalAtTheLastCommitAndTheRolloutResumesOnceItIsFreed()
            throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Reference ref = reference(template);
        for (long n = 1; n <= ref.writes(); n++) {
            faultAndResume(template, ref, new Disk(n, false, true));
        }
        System.out.printf("storage faults: disk full from each of %d writes on; %d commits%n", ref.writes(),
                ref.states().size() - 1);
    }

    @Test
    void aCommitFailingFromTheNthOnLeavesTheJournalAtTheLastCommitAndTheRolloutResumes() throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Reference ref = reference(template);
        for (long n = 1; n < ref.states().size(); n++) {
            faultAndResume(template, ref, new Disk(n, true, true));
        }
    }

    @Test
    void aSingleIoErrorAtTheNthWriteIsReportedAndTheRolloutFinishesOnceOnResume() throws Exception {
        Path template = SystematicCrashTest.template(dir);
        Reference ref = reference(template);
        int thrown = 0;
        int failedSteps = 0;
        int retried = 0;
        for (long n = 1; n <= ref.writes(); n++) {
            Path db = SystematicCrashTest.copy(template, dir, "io-" + n);
            Disk disk = new Disk(n, false, false);
            String id = null;
            try (SqliteStore store = SqliteStore.open(db, disk)) {
                try {
                    Rollout r = SystematicCrashChild.run(store, new CrashInvariants.TickingClock(SystematicCrashTest
                            .RUN), 0, l -> { });
                    id = r.id();
                    if (r.status() == RolloutStatus.FAILED) {
                        // the provider's write failed: the engine stored the step as failed, for the operator
                        failedSteps++;
                        assertThat(r.detail()).as("write %d", n).isNotBlank();
                    } else if (disk.failures > 0) {
                        // the sandbox's own write failed inside a reservation: to the engine that is the
                        // provider refusing, which it retries (with backoff) and records; the retry succeeded
                        assertThat(CapacityFloorChecker.query(db, "SELECT count(*) FROM audit WHERE detail LIKE "
                                + "'reservation % attempt 1 of % refused: %'").get(0).get(0))
                                .as("write %d: the fault was hit, so the reservation was retried", n).isNotEqualTo("0");
                        retried++;
                    }
                } catch (HeadroomException e) {
                    thrown++;
                    assertOperatorMessage(e, db, "Try again");
                }
            }
            assertThat(disk.failures).as("write %d failed", n).isEqualTo(1);
            resumeAndCheck(db, n);
        }
        System.out.printf("storage faults: one I/O error at each of %d writes: %d reached the caller, %d became a "
                + "failed step, %d a retried reservation%n", ref.writes(), thrown, failedSteps, retried);
        assertThat(thrown + failedSteps + retried).isEqualTo((int) ref.writes());
    }

    private void faultAndResume(Path template, Reference ref, Disk disk) throws Exception {
        String what = (disk.commits ? "commit " : "write ") + disk.at;
        Path db = SystematicCrashTest.copy(template, dir, (disk.commits ? "commit-" : "full-") + disk.at);
        try (SqliteStore store = SqliteStore.open(db, disk)) {
            HeadroomException e = null;
            try {
                SystematicCrashChild.run(store, new CrashInvariants.TickingClock(SystematicCrashTest.RUN), 0, l -> { });
            } catch (HeadroomException thrown) {
                e = thrown;
            }
            assertThat(e).as("%s: the failure reaches the caller", what).isNotNull();
            assertOperatorMessage(e, db, "Free some space");
        }
        // what the last successful commit left, and nothing of the failed ones
        assertThat(CrashInvariants.dump(db)).as("%s: the store after the fault", what)
                .isEqualTo(ref.states().get((int) disk.committed));
        if (!disk.commits) {
            assertThat(ref.writesAt().get((int) disk.committed)).as("%s: the last commit made before it", what)
                    .isLessThan(disk.at);
        }
        resumeAndCheck(db, disk.at);
    }

    /** The disk works again: a restart drives the rollout to its end. */
    private static void resumeAndCheck(Path db, long n) {
        try (SqliteStore store = SqliteStore.open(db)) {
            CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(SystematicCrashTest.RESTART
                    .plus(Duration.ofMinutes(n)));
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            RolloutService rollouts = RolloutTestData.service(store, clock, RolloutTestData.sandbox(store, clock),
                    clock.waiter());
            for (Rollout r : journal.rollouts(RolloutTestData.ACCOUNT)) {
                if (r.status() == RolloutStatus.FAILED) {
                    rollouts.resume(r.id(), "operator");
                }
            }
            Rollout end = SystematicCrashChild.run(store, clock, 0, l -> { });
            assertThat(end.status()).as("after the fault at %d: %s", n, end.detail()).isEqualTo(RolloutStatus.DONE);
            CrashInvariants.assertHold(store, db, RolloutTestData.ACCOUNT);
            assertThat(RolloutTestData.versions(db).values()).containsOnly(SystematicCrashChild.VERSION);
        }
        try {
            Files.deleteIfExists(db);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the UI shows (Problems.operatorMessage): names the database and what to do; no stack trace. */
    private static void assertOperatorMessage(HeadroomException e, Path db, String whatToDo) {
        String shown = Problems.operatorMessage(e);
        assertThat(shown).as("operator message").contains(db.toAbsolutePath().normalize().toString())
                .contains(whatToDo).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("java.");
    }
}
