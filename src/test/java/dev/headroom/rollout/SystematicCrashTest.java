package dev.headroom.rollout;

import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systematic crash proof: the rollout of one small plan (web-1 and web-2, then db-1: 14 steps)
 * is run in a child JVM halted ({@link Runtime#halt}, as a kill) just before, then just after,
 * each of its commits in turn; each time the store must hold exactly what was committed (the halted
 * commit absent when halted before it, present when after), and a restart on that store must finish
 * the rollout with every invariant of {@link CrashInvariants}.
 *
 * <p>What was committed is known from a reference run in this JVM that dumps the store after each
 * commit: every run is timed by a {@link CrashInvariants.TickingClock} from the same start, so the
 * child writes the very same rows, hashes included, up to its halt.
 */
class SystematicCrashTest {
    static final Instant SETUP = Instant.parse("2026-11-23T00:30:00Z");
    static final Instant RUN = Instant.parse("2026-11-23T01:00:00Z");
    static final Instant RESTART = Instant.parse("2026-11-24T01:00:00Z");

    @TempDir
    Path dir;

    // 224 commits since schema 8 (lease renewals, load checks): about 450 halts and 5 minutes, so it
    // runs in the crash step of .ci/run, not in verify
    @org.junit.jupiter.api.Tag("crash")
    @Test
    void haltedBeforeAndAfterEveryCommitTheStoreHoldsWhatWasCommittedAndARestartFinishesOnce() throws Exception {
        Result r = campaign(dir, 0, Halts.EVERY_COMMIT);
        System.out.printf("systematic crash: %d commits, %d halts (before and after each), %d steps re-issued "
                + "after a halt, %.1f s%n", r.commits, r.halts, r.reissued, r.seconds);
        assertThat(r.halts).isEqualTo(2 * r.commits);
    }

    record Result(int commits, int halts, int reissued, double seconds) {
    }

    /** Which commits of the reference run a campaign halts at. */
    enum Halts { EVERY_COMMIT, EVERY_COMMIT_OF_THE_ABORT, TWO_IN_THE_ABORT }

    /** The template store: the sandbox account with the approved two-batch plan, closed (no -wal left). */
    static synchronized Path template(Path dir) {
        Path db = dir.resolve("template.db");
        if (Files.exists(db)) {
            return db;
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            RolloutTestData.setUp(store, new CrashInvariants.TickingClock(SETUP), 0);
        }
        return db;
    }

    static Path copy(Path template, Path dir, String name) throws IOException {
        Path db = dir.resolve(name + ".db");
        Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
        return db;
    }

    /** The reference run: the store's dump before any commit, then after each. */
    static List<List<String>> reference(Path template, Path dir, int abortAfter) throws IOException {
        Path db = copy(template, dir, "reference-" + abortAfter);
        List<List<String>> states = new ArrayList<>();
        states.add(CrashInvariants.dump(db));
        try (SqliteStore store = SqliteStore.open(db, new SqliteStore.Seam() {
            @Override
            public void afterCommit(long n) {
                states.add(CrashInvariants.dump(db));
            }
        })) {
            SystematicCrashChild.run(store, new CrashInvariants.TickingClock(RUN), abortAfter, line -> { });
        }
        for (int n = 1; n < states.size(); n++) {
            // every commit changes what is stored, so "absent" and "present" can be told apart
            assertThat(states.get(n)).as("commit %d changes the store", n).isNotEqualTo(states.get(n - 1));
        }
        return states;
    }

    /**
     * Halts at every commit of the reference run, before and after, and restarts each time; with
     * {@code abortAfter} > 0 the rollout is aborted after that step, so the halts land in the abort.
     */
    static Result campaign(Path dir, int abortAfter, Halts which) throws Exception {
        long began = System.nanoTime();
        Path template = template(dir);
        List<List<String>> states = reference(template, dir, abortAfter);
        int commits = states.size() - 1;
        // the commit that made the rollout aborting: the compensation is planned and run after it
        int abortCommit = 0;
        while (abortCommit < commits && states.get(abortCommit).stream().noneMatch(l -> l.startsWith("rollout|")
                && l.contains("|aborting|"))) {
            abortCommit++;
        }
        List<java.util.concurrent.Callable<Integer>> lives = new ArrayList<>();
        for (int n = 1; n <= commits; n++) {
            for (String position : List.of("before", "after")) {
                boolean halt = switch (which) {
                    case EVERY_COMMIT -> true;
                    case EVERY_COMMIT_OF_THE_ABORT -> n > abortCommit;
                    // the compensation's first commit (its plan) before, and one in its middle after
                    case TWO_IN_THE_ABORT -> position.equals("before") ? n == abortCommit + 1
                            : n == abortCommit + Math.max(1, (commits - abortCommit) / 2);
                };
                if (!halt) {
                    continue;
                }
                int at = n;
                lives.add(() -> haltAndRestart(template, dir, abortAfter, at, position,
                        states.get(position.equals("before") ? at - 1 : at)));
            }
        }
        // JVM start dominates a life, so lives run side by side, one per core (2 in CI)
        int threads = Integer.getInteger("headroom.crash.parallel", Math.min(2, Runtime.getRuntime()
                .availableProcessors()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        int halts = 0;
        int reissued = 0;
        try {
            for (java.util.concurrent.Future<Integer> f : pool.invokeAll(lives)) {
                try {
                    reissued += f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw e;
                }
                halts++;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(commits, halts, reissued, (System.nanoTime() - began) / 1e9);
    }

    private static synchronized Path trainingCopy(Path template, Path dir) throws IOException {
        Path db = dir.resolve("training.db");
        return Files.exists(db) ? db : copy(template, dir, "training");
    }

    /** One halted life and its restart; returns how many step attempts the restart re-issued. */
    private static int haltAndRestart(Path template, Path dir, int abortAfter, int n, String position,
                                      List<String> committed) throws Exception {
        Path db = copy(template, dir, "halt-" + abortAfter + "-" + n + "-" + position);
        String spec = n + ":" + position;
        // the children's class-data archive is trained by a whole run of the same rollout, unhalted
        CrashCampaignJvm.Training training = new CrashCampaignJvm.Training(SystematicCrashChild.class, List.of(
                trainingCopy(template, dir).toString(), RUN.toString(), Integer.toString(abortAfter)));
        Process child = CrashCampaignJvm.start(training, SystematicCrashChild.class,
                List.of("-D" + SqliteStore.HALT_AT_COMMIT + "=" + spec), db.toString(), RUN.toString(),
                Integer.toString(abortAfter));
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("halted at %s; output %s", spec, out).isEqualTo(SqliteStore.HALT_STATUS);
        assertThat(CrashInvariants.dump(db)).as("store after a halt %s commit %d (abort after step %d)", position, n,
                abortAfter).isEqualTo(committed);
        int reissued = 0;
        try (SqliteStore store = SqliteStore.open(db)) {
            Rollout end = SystematicCrashChild.run(store, new CrashInvariants.TickingClock(RESTART
                    .plus(Duration.ofHours(n))), abortAfter, line -> { });
            assertThat(end.status()).as("after a halt %s", spec)
                    .isEqualTo(abortAfter > 0 ? RolloutStatus.ABORTED : RolloutStatus.DONE);
            CrashInvariants.assertHold(store, db, RolloutTestData.ACCOUNT);
            for (RolloutStep s : new SqliteRolloutJournal(store).steps(end.id())) {
                reissued += Math.max(0, s.attempts() - 1);
            }
            if (abortAfter == 0) {
                assertThat(RolloutTestData.versions(db).values()).as("after a halt %s", spec)
                        .containsOnly(SystematicCrashChild.VERSION);
            } else {
                AbortMatrixTest.assertRolledBack(store, db, end.id(), RolloutTestData.versions(template));
            }
        }
        Files.deleteIfExists(db);
        return reissued;
    }
}
