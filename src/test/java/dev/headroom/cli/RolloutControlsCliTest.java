package dev.headroom.cli;

import dev.headroom.domain.Service;
import dev.headroom.engine.Engine;
import dev.headroom.rollout.PredictedLoad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rollout watch|rollback-batch|skip-host} and the confirmation of destructive commands,
 * on the sandbox through the real store. Tests run without a terminal, as a script does.
 */
class RolloutControlsCliTest {
    @TempDir
    static Path dir;
    private static Path dataDir;
    private static Instant windowStart;

    @BeforeAll
    static void launchARollout() throws Exception {
        dataDir = dir.resolve("data");
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(3, ChronoUnit.HOURS);
        windowStart = start;
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"window\": {\"start\": \"" + start + "\", \"end\": \"" + start.plus(6,
                ChronoUnit.HOURS) + "\"}, \"max_concurrent_regions\": 3, \"max_batch_fraction\": 0.5}");
        assertThat(run("scenarios", "plan", "night", "--policy", policy.toString()).exitCode()).isZero();
        assertThat(run("rollout", "approve", "night", "--accept-unplanned").exitCode()).isZero();
        CliRunner.Result launched = run("rollout", "launch", "night", "--version", "9.9.9", "--speed", "100000");
        assertThat(launched.exitCode()).as(launched.err()).isZero();
    }

    private static CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CliRunner().run(all);
    }

    @Test
    void destructiveCommandsWithoutATerminalNeedYes() {
        CliRunner.Result unconfirmed = run("rollout", "rollback-batch", "r1", "1");
        assertThat(unconfirmed.exitCode()).isNotZero();
        assertThat(unconfirmed.err()).contains("no terminal to ask on").contains("nothing was done")
                .contains("headroom rollout rollback-batch r1 1 --yes");
        CliRunner.Result skip = run("rollout", "skip-host", "r1", "web-1");
        assertThat(skip.err()).contains("headroom rollout skip-host r1 web-1 --yes");

        // confirmed, the engine's own refusal: the rollout is done
        CliRunner.Result confirmed = run("rollout", "rollback-batch", "r1", "1", "--yes");
        assertThat(confirmed.exitCode()).isNotZero();
        assertThat(confirmed.err()).contains("Rollout r1 is done; no batch was rolled back.");
        assertThat(run("rollout", "skip-host", "r1", "web-1", "-y").err()).contains("no host was skipped");
    }

    @Test
    void watchPrintsStepsAndEndsWithTheRollout() {
        CliRunner.Result watch = run("rollout", "watch", "r1", "--interval", "50");
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out()).contains("Rollout r1: done — every step done").contains("(batch 1, reserve ")
                .contains(" done: granted ").contains("Rollout r1 of scenario night");
    }

    @Test
    void theEngineMonitorsSandboxRolloutsAgainstTheForecastOfTheirScenario() {
        try (Engine e = Engine.open(dataDir)) {
            PredictedLoad forecast = e.rolloutForecasts().forScenario("sandbox", "night");
            List<String> services = e.store().load("sandbox", false).orElseThrow().services().stream()
                    .map(Service::name).toList();
            Instant t = windowStart.plus(1, ChronoUnit.HOURS);
            assertThat(services).anySatisfy(s -> assertThat(forecast.at(s, t)).hasValueSatisfying(b -> {
                assertThat(b.median()).isPositive();
                assertThat(b.upper()).isGreaterThanOrEqualTo(b.median());
            }));
            assertThat(forecast.at(services.get(0), windowStart.minus(1, ChronoUnit.DAYS))).isEmpty();
        }
    }

    @Test
    void launchRefusesABadShadowSetting() {
        CliRunner.Result bad = run("rollout", "launch", "night", "--shadow", "web=soon");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("\"web=soon\" is not SERVICE=MINUTES");
        CliRunner.Result unknown = run("rollout", "launch", "night", "--shadow", "nosuch=10");
        assertThat(unknown.err()).contains("Shadow mode names service \"nosuch\"");
        assertThat(run("rollout", "status").out()).doesNotContain("r2");
    }
}
