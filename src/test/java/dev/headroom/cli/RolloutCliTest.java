package dev.headroom.cli;

import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rollout launch|status|pause|resume|abort|run} on the sandbox, through the real store. */
class RolloutCliTest {
    @TempDir
    static Path dir;
    private static Path dataDir;

    /**
     * The sandbox's history ends here, whatever the hour the test runs at (the generated load
     * follows the time of day): 17:00 UTC on a Wednesday puts the plan window at the evening
     * peak, where a rollout needs its surge.
     */
    static final Instant HISTORY_END = Instant.parse(System.getProperty("headroom.test.historyEnd",
            "2026-11-18T17:00:00Z"));

    @BeforeAll
    static void planAScenario() throws Exception {
        dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        Engine engine = new Engine(dataDir, SqliteStore.open(DataDirectory.databaseFile(dataDir)),
                Clock.fixed(HISTORY_END, ZoneOffset.UTC));
        try {
            engine.ensureSandbox((f, m) -> { });
        } finally {
            engine.close();
        }
        Instant start = HISTORY_END.plus(3, ChronoUnit.HOURS);
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"window\": {\"start\": \"" + start + "\", \"end\": \"" + start.plus(6,
                ChronoUnit.HOURS) + "\"}, \"max_concurrent_regions\": 3, \"max_batch_fraction\": 0.5}");
        CliRunner.Result r = run("scenarios", "plan", "night", "--policy", policy.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CliRunner().run(all);
    }

    @Test
    void launchRefusesWithoutApprovalThenRunsTheApprovedPlanAndTheFleetShowsTheNewVersion() {
        CliRunner.Result refused = run("rollout", "launch", "night", "--version", "9.9.9");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("is not approved");

        CliRunner.Result approved = run("rollout", "approve", "night", "--approver", "ann", "--accept-unplanned");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        CliRunner.Result launched = run("rollout", "launch", "night", "--version", "9.9.9", "--speed", "100000");
        assertThat(launched.exitCode()).as(launched.err()).isZero();
        assertThat(launched.out()).contains("Launched rollout r1").contains("done     step 1 ")
                .contains("Rollout r1 done");

        CliRunner.Result status = run("rollout", "status", "r1");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("reserve").contains("stabilise").contains("release").contains(": done");
        assertThat(run("fleet").out()).contains("9.9.9");
        CliRunner.Result again = run("rollout", "abort", "r1");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("nothing to abort");
        assertThat(run("rollout", "run").out()).contains("No rollout needs a driver.");
    }
}
