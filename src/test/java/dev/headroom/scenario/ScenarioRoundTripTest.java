package dev.headroom.scenario;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.SeriesId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.headroom.scenario.ScenarioTestData.account;
import static dev.headroom.scenario.ScenarioTestData.richSnapshot;
import static org.assertj.core.api.Assertions.assertThat;

class ScenarioRoundTripTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readingWhatWasWrittenGivesTheSameSnapshot(boolean gzip) {
        AccountSnapshot original = richSnapshot();
        ScenarioWriter.write(original, tmp.resolve("out"), gzip);

        AccountSnapshot back = ScenarioReader.read(tmp.resolve("out"), original.account());

        assertThat(back).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writingWhatWasReadGivesIdenticalBytes(boolean gzip) throws IOException {
        ScenarioWriter.write(richSnapshot(), tmp.resolve("first"), gzip);
        AccountSnapshot read = ScenarioReader.read(tmp.resolve("first"), account("again"));
        ScenarioWriter.write(read, tmp.resolve("second"), gzip);

        Map<String, byte[]> first = files(tmp.resolve("first"));
        assertThat(first).containsKeys("hosts.csv", "dependencies.json", "policy.json", "releases.json",
                "update_history.csv", "events.csv", "instance_types.csv", gzip ? "metrics.csv.gz" : "metrics.csv");
        assertThat(files(tmp.resolve("second"))).containsOnlyKeys(first.keySet())
                .allSatisfy((name, bytes) -> assertThat(bytes).as(name).isEqualTo(first.get(name)));
    }

    @Test
    void writesSortedRowsPlainNumbersAndOneRowPerServiceOfAHost() throws IOException {
        ScenarioWriter.write(richSnapshot(), tmp.resolve("out"), false);

        assertThat(Files.readString(tmp.resolve("out/hosts.csv"))).isEqualTo(ScenarioTestData.HOSTS_HEADER
                .replace("\n", ",network_gbps,disk_mbps,role\n")
                + "app-1,checkoutservice,eu-west,eu-west-1a,m5.xlarge,4,16,0.192,v2.3.1,critical,10,1250.5,\"app, shared\"\n"
                + "app-1,cartservice,eu-west,eu-west-1a,m5.xlarge,4,16,0.192,v2.3.1,critical,10,1250.5,\"app, shared\"\n"
                + "db-1,redis-cart,us-east,us-east-1b,r5.large,2,16,0.126,v7.0,critical,0,0,\n"
                + "web-1,frontend,eu-west,eu-west-1a,m5.large,2,8,0.096,v1.4.0,high,10,650,edge\n"
                + "web-2,frontend,eu-west,eu-west-1b,m5.large,2.5,7.75,0.30000000000000004,\"v1.4.0 \"\"beta\"\"\",low,"
                + "0.1,0.0001,\n");
        assertThat(Files.readString(tmp.resolve("out/metrics.csv"))).startsWith("series_id,timestamp,value\n"
                + "app-1/cpu,2026-11-22T16:00:00Z,70.2\n"
                + "app-1/cpu,2026-11-22T16:01:00Z,71.9\n"
                + "app-1/cpu,2026-11-22T16:03:00Z,69.4\n"
                + "app-1/cpu,2026-11-22T16:04:00Z,0.3333333333333333\n"
                + "db-1/disk,2026-11-22T17:00:00Z,12.5\n")
                .contains("web-1/cpu,2026-11-22T16:30:00Z,0.0000001\n"
                        + "web-1/cpu,2026-11-22T16:35:00Z,123456789.5\n")
                .endsWith("web-1/memory,2026-11-22T16:15:00Z,-0\n");
        assertThat(Files.readString(tmp.resolve("out/policy.json"))).isEqualTo("""
                {
                  "window": {
                    "start": "2026-11-23T01:00:00Z",
                    "end": "2026-11-23T07:00:00Z"
                  },
                  "safety_margin": 0.3,
                  "criticality_weight": 0.55,
                  "capacity_weight": 0.45,
                  "max_batch_fraction": 0.2,
                  "max_concurrent_regions": 2,
                  "min_healthy_fraction": 0.6,
                  "rollback_threshold": 0.1,
                  "stabilization_minutes": 20,
                  "spot_allowed": false,
                  "budget_usd": 250.75,
                  "forecast_quantile": 0.9,
                  "objective": {
                    "window_hour": 10,
                    "usd": 1,
                    "kwh": 0.2,
                    "risk": 20
                  }
                }
                """);
    }

    @Test
    void writesAResponseTimeTargetOnlyForServicesThatHaveOne() throws IOException {
        ScenarioWriter.write(richSnapshot(), tmp.resolve("out"), false);

        assertThat(Files.readString(tmp.resolve("out/dependencies.json"))).contains("""
                    {
                      "name": "frontend",
                      "criticality": "high",
                      "max_utilisation": 0.85,
                      "min_healthy_fraction": 0.5,
                      "response_time_ms": 120,
                      "service_time_ms": 37.5
                    },
                """).contains("""
                    {
                      "name": "checkoutservice",
                      "criticality": "high",
                      "max_utilisation": 0.8,
                      "min_healthy_fraction": 0.5
                    },
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "boutique"})
    void handWrittenScenariosSurviveARoundTrip(String name) throws Exception {
        AccountSnapshot read = ScenarioReader.read(fixture(name), account(name));
        ScenarioWriter.write(read, tmp.resolve("a"), false);
        AccountSnapshot again = ScenarioReader.read(tmp.resolve("a"), account(name));
        ScenarioWriter.write(again, tmp.resolve("b"), false);

        assertThat(again.hosts()).containsExactlyInAnyOrderElementsOf(read.hosts());
        assertThat(again.services()).containsExactlyInAnyOrderElementsOf(read.services());
        assertThat(again.dependencies()).containsExactlyInAnyOrderElementsOf(read.dependencies());
        assertThat(again.metrics()).containsExactlyInAnyOrderElementsOf(read.metrics());
        assertThat(again.releases()).containsExactlyInAnyOrderElementsOf(read.releases());
        assertThat(again.updateHistory()).containsExactlyInAnyOrderElementsOf(read.updateHistory());
        assertThat(again.events()).containsExactlyInAnyOrderElementsOf(read.events());
        assertThat(again.policy()).isEqualTo(read.policy());
        Map<String, byte[]> a = files(tmp.resolve("a"));
        assertThat(files(tmp.resolve("b"))).containsOnlyKeys(a.keySet())
                .allSatisfy((file, bytes) -> assertThat(bytes).as(file).isEqualTo(a.get(file)));
    }

    @Test
    void handWrittenBoutiqueReadsAsTheFilesSay() throws Exception {
        AccountSnapshot s = ScenarioReader.read(fixture("boutique"), account("boutique"));

        assertThat(s.hosts()).extracting(Host::id).containsExactly("web-1", "web-2", "app-1", "app-2", "db-1");
        assertThat(s.hosts().get(2).services()).containsExactly("cartservice", "checkoutservice");
        MetricSeries webCpu = s.metrics().stream().filter(m -> m.id().equals(new SeriesId("web-1", Metric.CPU)))
                .findFirst().orElseThrow();
        assertThat(webCpu.values()).containsExactly(41.5, 43.25, 47, Double.NaN, 52.125);
        assertThat(s.metrics()).filteredOn(m -> m.id().hostId().equals("app-1")).singleElement()
                .satisfies(m -> assertThat(m.step().getSeconds()).isEqualTo(60));
        assertThat(s.services()).filteredOn(v -> v.name().equals("cartservice")).singleElement()
                .satisfies(v -> assertThat(v.slo().maxUtilisation()).isEqualTo(0.7));
        assertThat(s.services()).filteredOn(v -> v.name().equals("frontend")).singleElement()
                .satisfies(v -> assertThat(v.slo().responseTime()).contains(new ResponseTime(120, 40)));
        assertThat(s.services()).filteredOn(v -> !v.name().equals("frontend"))
                .allSatisfy(v -> assertThat(v.slo().responseTime()).isEmpty());
        assertThat(s.events()).extracting(e -> e.name()).contains("black friday, eu");
        assertThat(s.policy()).isPresent();
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ScenarioRoundTripTest.class.getResource("/scenarios/" + name + "/hosts.csv").toURI()).getParent();
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
