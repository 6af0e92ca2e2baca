package dev.headroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** bench forecast and forecast on small generated traces; neither opens a data directory. */
class ForecastCliTest {
    @TempDir
    static Path dir;

    final CliRunner cli = new CliRunner();

    /** Three series of one day at five minutes (the protocol's short tier), from two sources. */
    @BeforeAll
    static void traces() throws IOException {
        Random r = new Random(5);
        List<String> lines = new ArrayList<>(List.of("series_id,timestamp,value"));
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        for (String id : List.of("a1", "a2", "b1")) {
            double level = 50;
            for (int t = 0; t < 288; t++) {
                level = 50 + 0.8 * (level - 50) + r.nextGaussian() * 3;
                if (!(id.equals("a2") && t == 100)) {
                    lines.add(id + "," + start.plusSeconds(300L * t) + "," + level);
                }
            }
        }
        Files.write(dir.resolve("series.csv"), lines);
        Files.write(dir.resolve("metadata.csv"), List.of("series_id,source,metric,unit,step_seconds,license",
                "a1,alpha,cpu,percent,300,\"CC-BY, see notes\"", "a2,alpha,cpu,percent,300,x", "b1,beta,cpu,percent,300,x"));
    }

    @Test
    void benchJsonHasTheProtocolFieldsPerModelAndScope() throws IOException {
        CliRunner.Result r = cli.run("bench", "forecast", "--data", dir.toString(), "--format", "json", "--models",
                "auto,naive", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("series").asInt()).isEqualTo(3);
        List<String> names = new ArrayList<>();
        for (JsonNode m : root.get("models")) {
            names.add(m.get("name").asText());
            for (String field : List.of("mase", "smape", "coverage80", "coverage95", "msis", "relative_mase_geomean",
                    "seconds_per_series")) {
                assertThat(m.get(field).isNumber()).as(field).isTrue();
            }
        }
        assertThat(names).containsExactly("snaive", "auto", "naive");
        assertThat(root.get("models").get(0).get("relative_mase_geomean").asDouble()).isEqualTo(1.0);
        assertThat(root.get("scopes").fieldNames()).toIterable()
                .containsExactly("short_tier", "source:alpha", "source:beta");
        assertThat(root.get("scopes").get("source:alpha").get(0).get("series").asInt()).isEqualTo(2);
    }

    @Test
    void benchTableShowsEveryScopeAndUnknownModelsAreNamed() {
        CliRunner.Result r = cli.run("bench", "forecast", "--data", dir.toString(), "--models", "mean");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 series").contains("short_tier").contains("source:beta").contains("mean");

        CliRunner.Result unknown = cli.run("bench", "forecast", "--data", dir.toString(), "--models", "prophet");
        assertThat(unknown.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(unknown.err()).contains("Unknown model \"prophet\"").contains("auto");

        CliRunner.Result empty = cli.run("bench", "forecast", "--data", dir.resolve("nothing").toString());
        assertThat(empty.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(empty.err()).contains("No series.csv");

        assertThat(cli.run("bench", "forecast").exitCode()).isEqualTo(HeadroomCli.USAGE_ERROR);
        assertThat(cli.run("bench", "forecast", "--data", dir.toString(), "--throughput").exitCode())
                .isEqualTo(HeadroomCli.USAGE_ERROR);
    }

    @Test
    void throughputForecastsGeneratedSeries() throws IOException {
        CliRunner.Result r = cli.run("bench", "forecast", "--throughput", "--series", "6", "--days", "3",
                "--threads", "2", "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("series").asInt()).isEqualTo(6);
        assertThat(root.get("failures").asInt()).isZero();
        assertThat(root.get("series_per_second").asDouble()).isPositive();
    }

    @Test
    void forecastWritesEveryStepOfEverySeries() {
        CliRunner.Result r = cli.run("forecast", "--input", dir.resolve("series.csv").toString(), "--horizon", "1h");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("series_id,timestamp,mean,lower80,upper80,lower95,upper95,model");
        assertThat(lines).hasSize(1 + 3 * 12);
        assertThat(lines[1]).startsWith("a1,2024-01-02T00:00:00Z,");
        String[] cells = lines[12].split(",");
        assertThat(cells[1]).isEqualTo("2024-01-02T00:55:00Z");
        double mean = Double.parseDouble(cells[2]);
        assertThat(Double.parseDouble(cells[5])).isLessThanOrEqualTo(Double.parseDouble(cells[3]));
        assertThat(Double.parseDouble(cells[3])).isLessThanOrEqualTo(mean);
        assertThat(Double.parseDouble(cells[6])).isGreaterThanOrEqualTo(Double.parseDouble(cells[4]));
        assertThat(r.err()).contains("series a2 misses 1 of 288 samples");
    }

    @Test
    void forecastJsonCarriesModelAndReason() throws IOException {
        CliRunner.Result r = cli.run("forecast", "--input", dir.resolve("series.csv").toString(), "--horizon", "5",
                "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode series = new ObjectMapper().readTree(r.out()).get("series");
        assertThat(series.size()).isEqualTo(3);
        assertThat(series.get(1).get("reason").asText()).contains("backtest").contains("1 missing of 288");
        assertThat(series.get(0).get("steps").size()).isEqualTo(5);
        assertThat(series.get(0).get("steps").get(0).get("upper95").isNumber()).isTrue();
    }

    @Test
    void horizonSpansAndBadInput() {
        java.time.Duration fiveMinutes = java.time.Duration.ofMinutes(5);
        assertThat(ForecastCommand.steps("24h", fiveMinutes)).isEqualTo(288);
        assertThat(ForecastCommand.steps("90m", fiveMinutes)).isEqualTo(18);
        assertThat(ForecastCommand.steps("2d", fiveMinutes)).isEqualTo(576);
        assertThat(ForecastCommand.steps("7m", fiveMinutes)).isEqualTo(2);
        assertThat(ForecastCommand.steps("12", fiveMinutes)).isEqualTo(12);

        CliRunner.Result bad = cli.run("forecast", "--input", dir.resolve("series.csv").toString(), "--horizon",
                "soon");
        assertThat(bad.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(bad.err()).contains("\"soon\" is not a span");
        CliRunner.Result zero = cli.run("forecast", "--input", dir.resolve("series.csv").toString(), "--horizon", "0");
        assertThat(zero.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        CliRunner.Result missing = cli.run("forecast", "--input", dir.resolve("none.csv").toString(), "--horizon", "1h");
        assertThat(missing.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(missing.err()).contains("No file");
        assertThat(cli.run("forecast", "--horizon", "1h").exitCode()).isEqualTo(HeadroomCli.USAGE_ERROR);
    }
}
