package dev.headroom.rollout;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exhaustive form of {@link AbortMatrixTest}'s crash column: for an abort after each step, a
 * halt before and after every commit of the abort, each followed by a restart. About 300 child
 * JVMs, so it is tagged {@code crash} and runs in the crash step of .ci/run, not in {@code mvn verify}.
 */
@Tag("crash")
class AbortMatrixCrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "abort after step {0}, halted before and after every commit of the abort")
    @MethodSource("dev.headroom.rollout.AbortMatrixTest#steps")
    void haltedAtEveryCommitOfTheAbortTheRestartRollsBackOnce(int step) throws Exception {
        SystematicCrashTest.Result r = SystematicCrashTest.campaign(dir, step,
                SystematicCrashTest.Halts.EVERY_COMMIT_OF_THE_ABORT);
        System.out.printf("abort after step %d: %d halts in the abort, %d steps re-issued, %.1f s%n", step, r.halts(),
                r.reissued(), r.seconds());
        assertThat(r.halts()).isPositive();
    }
}
