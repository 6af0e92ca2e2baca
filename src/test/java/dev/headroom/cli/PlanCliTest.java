package dev.headroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code simulate} end to end on the sandbox fleet, through the real store. */
class PlanCliTest {
    @TempDir
    static Path dir;
    private static Path dataDir;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void createSandbox() {
        dataDir = dir.resolve("data");
        assertThat(run("accounts").exitCode()).isZero();
    }

    private static CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CliRunner().run(all);
    }

    @Test
    void plansEveryHostWithAReleaseIntoOneBatchOrUnplannedWithoutPredictedViolations() throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"window\": {\"start\": \"2026-11-23T14:00:00Z\", \"end\": "
                + "\"2026-11-23T20:00:00Z\"}, \"max_concurrent_regions\": 3, \"max_batch_fraction\": 0.5}");
        Path out = dir.resolve("plan.json");
        CliRunner.Result r = run("plan", "--policy", policy.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("heuristic plan:").contains("predicted violations 0");
        JsonNode plan = mapper.readTree(out.toFile());
        assertThat(plan.path("summary").path("predicted_violations").asInt()).isZero();
        Set<String> seen = new HashSet<>();
        plan.path("batches").forEach(b -> b.path("hosts").forEach(h -> assertThat(seen.add(h.asText())).isTrue()));
        plan.path("unplanned").forEach(u -> assertThat(seen.add(u.path("host").asText())).isTrue());
        // the sandbox ships 100 hosts whose service has a release they do not run yet
        assertThat(seen).hasSize(100);
        assertThat(plan.path("reasons").size()).isEqualTo(plan.path("batches").findValues("hosts").stream()
                .mapToInt(JsonNode::size).sum());

        CliRunner.Result sim = run("simulate", "--plan", out.toString(), "--format", "json");
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        JsonNode replays = mapper.readTree(sim.out()).path("replays");
        assertThat(replays).hasSize(4);
        assertThat(replays.get(0).path("planner").asText()).isEqualTo("heuristic");
        assertThat(replays.get(1).path("planner").asText()).isEqualTo("rolling-25%");
        assertThat(replays.get(2).path("planner").asText()).isEqualTo("rolling-25%-ordered");
        assertThat(replays.get(3).path("planner").asText()).isEqualTo("seed-001-greedy");
        // Headroom's plan: no more violation minutes than the rolling update, in no longer a window
        assertThat(replays.get(0).path("violation_minutes").asLong())
                .isLessThanOrEqualTo(replays.get(1).path("violation_minutes").asLong());
        assertThat(replays.get(0).path("window_minutes").asLong())
                .isLessThanOrEqualTo(replays.get(1).path("window_minutes").asLong());
        assertThat(replays.get(3).path("violation_minutes").asLong()).isPositive();
    }

    @Test
    void badInputNamesTheFileOrOption() throws Exception {
        Path policy = dir.resolve("bad-policy.json");
        Files.writeString(policy, "{\"safety_margin\": 1.5}");
        CliRunner.Result r = run("plan", "--policy", policy.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bad-policy.json").contains("safety_margin");

        assertThat(run("plan", "--solver", "magic").err()).contains("--solver \"magic\" is not a planner");
        assertThat(run("plan", "--time-limit", "forever").err()).contains("--time-limit \"forever\" is not a span");
        assertThat(run("simulate", "--plan", dir.resolve("none.json").toString()).err()).contains("No file");

        Path past = dir.resolve("past.json");
        Files.writeString(past, "{\"window\": {\"start\": \"2020-01-01T00:00:00Z\", \"end\": \"2020-01-01T06:00:00Z\"}}");
        assertThat(run("plan", "--policy", past.toString()).err()).contains("before the planning time");
    }

    @Test
    void aScenarioDirectoryWithMetricsPastItsWindowStartIsPlannedAndReplayed() throws Exception {
        Path traces = Path.of(System.getProperty("headroom.shared.data", "../shared/data"), "traces");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(traces.resolve("series.csv")),
                "shared traces are not present");
        Path scenario = dir.resolve("traces-scenario");
        dev.headroom.scenario.ScenarioWriter.write(dev.headroom.plan.bench.TracesScenario.read(traces), scenario, false);
        Path out = dir.resolve("traces-plan.json");
        CliRunner.Result r = run("plan", "--scenario", scenario.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(mapper.readTree(out.toFile()).path("policy").path("window").path("start").asText())
                .isEqualTo("2026-01-05T00:00:00Z");
        CliRunner.Result sim = run("simulate", "--scenario", scenario.toString(), "--plan", out.toString(),
                "--format", "json");
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        JsonNode replays = mapper.readTree(sim.out()).path("replays");
        assertThat(replays.get(0).path("violation_minutes").asLong())
                .isLessThan(replays.get(1).path("violation_minutes").asLong());
    }
}
