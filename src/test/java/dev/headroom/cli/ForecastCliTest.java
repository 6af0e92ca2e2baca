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
    void levelsNameTheBoundColumnsAndNarrowTheBands() {
        String input = dir.resolve("series.csv").toString();
        CliRunner.Result standard = cli.run("forecast", "--input", input, "--horizon", "1h", "--levels", "80,95");
        CliRunner.Result narrow = cli.run("forecast", "--input", input, "--horizon", "1h", "--levels", "50,90");
        assertThat(standard.exitCode()).as(standard.err()).isZero();
        assertThat(narrow.exitCode()).as(narrow.err()).isZero();
        assertThat(standard.out()).isEqualTo(cli.run("forecast", "--input", input, "--horizon", "1h").out());

        String[] lines = narrow.out().split("\n");
        assertThat(lines[0]).isEqualTo("series_id,timestamp,mean,lower50,upper50,lower90,upper90,model");
        assertThat(lines).hasSize(1 + 3 * 12);
        String[] wide = standard.out().split("\n")[1].split(",");
        String[] cells = lines[1].split(",");
        assertThat(cells[2]).as("the point forecast does not depend on the levels").isEqualTo(wide[2]);
        double mean = Double.parseDouble(cells[2]);
        // the 50 % band lies inside the 80 % band, the 90 % band between the 80 % and 95 % bands
        assertThat(Double.parseDouble(cells[4]) - mean).isLessThan(Double.parseDouble(wide[4]) - mean);
        assertThat(Double.parseDouble(cells[6])).isBetween(Double.parseDouble(wide[4]), Double.parseDouble(wide[6]));
    }

    @Test
    void levelsInJsonAreNamedAndTheStepsKeyedByThem() throws IOException {
        CliRunner.Result r = cli.run("forecast", "--input", dir.resolve("series.csv").toString(), "--horizon", "5",
                "--format", "json", "--levels", "90,97.5");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("interval_levels").get("inner").asDouble()).isEqualTo(0.9);
        assertThat(root.get("interval_levels").get("outer").asDouble()).isEqualTo(0.975);
        JsonNode step = root.get("series").get(0).get("steps").get(0);
        assertThat(step.fieldNames()).toIterable()
                .containsExactly("timestamp", "mean", "lower90", "upper90", "lower97.5", "upper97.5");
    }

    @Test
    void badLevelsAreRefusedNamingTheOption() {
        String input = dir.resolve("series.csv").toString();
        for (String bad : List.of("95,80", "80", "40,90", "80,100", "eighty,95", "80,95,99", "0.8,0.95")) {
            CliRunner.Result r = cli.run("forecast", "--input", input, "--horizon", "1h", "--levels", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(HeadroomCli.OPERATOR_ERROR);
            assertThat(r.err()).as(bad).contains("--levels \"" + bad + "\"")
                    .contains("e.g. --levels 80,95").doesNotContain("Exception");
        }
        CliRunner.Result bench = cli.run("bench", "forecast", "--data", dir.toString(), "--models", "naive",
                "--levels", "90,90");
        assertThat(bench.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(bench.err()).contains("--levels \"90,90\" is out of range");
    }

    @Test
    void benchAtOtherLevelsReportsCoverageAgainstThem() throws IOException {
        CliRunner.Result r = cli.run("bench", "forecast", "--data", dir.toString(), "--format", "json", "--models",
                "naive", "--threads", "1", "--levels", "50,90");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("interval_levels").get("inner").asDouble()).isEqualTo(0.5);
        assertThat(root.get("interval_levels").get("outer").asDouble()).isEqualTo(0.9);
        JsonNode naive = root.get("models").get(1);
        assertThat(naive.get("name").asText()).isEqualTo("naive");
        assertThat(naive.get("coverage_inner").isNumber()).isTrue();
        assertThat(naive.get("coverage_outer").isNumber()).isTrue();
        assertThat(naive.has("coverage80")).as("a 50 % band's coverage is not reported as 80 %'s").isFalse();

        CliRunner.Result standard = cli.run("bench", "forecast", "--data", dir.toString(), "--format", "json",
                "--models", "naive", "--threads", "1");
        JsonNode plain = new ObjectMapper().readTree(standard.out());
        assertThat(plain.has("interval_levels")).isFalse();
        assertThat(plain.get("models").get(1).has("coverage_inner")).isFalse();
        assertThat(plain.get("models").get(1).get("coverage80").isNumber()).isTrue();
        assertThat(naive.get("coverage_outer").asDouble())
                .as("the 90 % band covers less than the 95 % band")
                .isLessThanOrEqualTo(plain.get("models").get(1).get("coverage95").asDouble());

        CliRunner.Result table = cli.run("bench", "forecast", "--data", dir.toString(), "--models", "naive",
                "--levels", "50,90");
        assertThat(table.out()).contains("COVERAGE50").contains("COVERAGE90").doesNotContain("COVERAGE80");
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
