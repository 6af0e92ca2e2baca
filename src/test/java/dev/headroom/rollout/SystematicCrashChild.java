package dev.headroom.rollout;

import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One life of the systematic crash proofs' rollout: {@code args} = database, start of its
 * {@link CrashInvariants.TickingClock} (ISO instant), and the step after which the rollout is
 * aborted (0: never). Started by {@link SystematicCrashTest} and {@link AbortMatrixCrashTest}
 * with {@code -Dheadroom.crash.haltAtCommit=N:before|after}, which makes {@link SqliteStore} halt
 * the JVM at its N-th commit; prints DONE if it got to the end instead.
 */
public final class SystematicCrashChild {
    /** The version the small plan's hosts go to. */
    static final String VERSION = "2.1.0";

    private SystematicCrashChild() {
    }

    public static void main(String[] args) {
        CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(Instant.parse(args[1]));
        int abortAfter = Integer.parseInt(args[2]);
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            run(store, clock, abortAfter, line -> { });
        }
        System.out.println("DONE");
        System.out.flush();
    }

    /**
     * Drives what a predecessor left unfinished, launches the rollout if there is none yet, and,
     * with {@code abortAfter} > 0, aborts it once that step is done: every decision is taken from
     * the journal, so a life that starts anywhere after a crash takes the same ones.
     */
    static Rollout run(SqliteStore store, CrashInvariants.TickingClock clock, int abortAfter, Consumer<String> say) {
        RolloutService rollouts = RolloutTestData.service(store, clock, RolloutTestData.sandbox(store, clock),
                clock.waiter());
        SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
        String id = rollouts.rollouts(RolloutTestData.ACCOUNT).stream().map(Rollout::id).findFirst()
                .orElseGet(() -> rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                        Optional.of(VERSION), "systematic").id());
        Consumer<String> progress = line -> {
            say.accept(line);
            abortIfDue(journal, rollouts, id, abortAfter);
        };
        abortIfDue(journal, rollouts, id, abortAfter);
        return rollouts.drive(id, progress);
    }

    private static void abortIfDue(SqliteRolloutJournal journal, RolloutService rollouts, String id, int abortAfter) {
        if (abortAfter <= 0) {
            return;
        }
        Rollout r = journal.rollout(id).orElseThrow();
        if ((r.status() == RolloutStatus.RUNNING || r.status() == RolloutStatus.FAILED)
                && journal.steps(id).get(abortAfter - 1).state() == StepState.DONE) {
            rollouts.abort(id, "systematic");
        }
    }
}
