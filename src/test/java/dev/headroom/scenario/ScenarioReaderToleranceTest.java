package dev.headroom.scenario;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static dev.headroom.scenario.ScenarioTestData.HOSTS_HEADER;
import static dev.headroom.scenario.ScenarioTestData.account;
import static dev.headroom.scenario.ScenarioTestData.scenario;
import static dev.headroom.scenario.ScenarioTestData.twoHosts;
import static org.assertj.core.api.Assertions.assertThat;

/** What the reader accepts beyond the letter of the format, and the notes it leaves. */
class ScenarioReaderToleranceTest {
    @TempDir
    Path tmp;

    @Test
    void byteOrderMarkCrlfAndBlankTrailingLinesAreAccepted() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", "\uFEFF" + twoHosts().replace("\n", "\r\n") + "\r\n\r\n");

        AccountSnapshot s = ScenarioReader.read(dir, account("t"));

        assertThat(s.hosts()).extracting(Host::id).containsExactly("web-1", "web-2");
        assertThat(s.hosts().get(1).criticality()).isEqualTo(Criticality.MEDIUM);
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndNewlines() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "events.csv", "name,start,end,scope,load_factor\n"
                + "\"sale, \"\"big\"\"\nday\",2026-12-01T18:00:00Z,2026-12-01T22:00:00Z,\"frontend\",1.4\n"
                + "after,2026-12-02T18:00:00Z,2026-12-02T22:00:00Z,*,2\n");

        AccountSnapshot s = ScenarioReader.read(dir, account("t"));

        assertThat(s.events()).extracting(e -> e.name()).containsExactly("sale, \"big\"\nday", "after");
    }

    @Test
    void columnsMayComeInAnyOrderAndUnknownOnesAreIgnoredWithANote() throws IOException {
        Path dir = scenario(tmp, "hosts.csv",
                "criticality,Host_ID,owner,version,hourly_cost_usd,memory_gib,cpu_cores,instance_type,zone,region,service\n"
                        + "high,web-1,alice,v1,0.1,8,2,m5.large,eu-west-1a,eu-west,frontend\n");

        ScenarioImport result = ScenarioReader.readWithReport(dir, account("t"));

        Host h = result.snapshot().hosts().get(0);
        assertThat(h.capacity().cpuCores()).isEqualTo(2);
        assertThat(h.capacity().memoryGib()).isEqualTo(8);
        assertThat(h.role()).isEmpty();
        assertThat(result.notes()).contains("hosts.csv: column owner is not used by Headroom and was ignored");
    }

    @Test
    void spacesAroundUnquotedFieldsAreDropped() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", HOSTS_HEADER
                + "web-1, frontend , eu-west,eu-west-1a,m5.large, 2 ,8,0.1,v1, high\n");

        Host h = ScenarioReader.read(dir, account("t")).hosts().get(0);

        assertThat(h.services()).containsExactly("frontend");
        assertThat(h.criticality()).isEqualTo(Criticality.HIGH);
    }

    @Test
    void unknownJsonFieldsAreNotedOncePerFieldWithTheirFirstLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "dependencies.json", """
                {"services": [
                  {"name": "frontend", "tier": 1},
                  {"name": "cart", "tier": 2}],
                 "generated_by": "graph export"}
                """);

        ScenarioImport result = ScenarioReader.readWithReport(dir, account("t"));

        assertThat(result.notes()).contains(
                "dependencies.json: field tier is not used by Headroom and was ignored (first on line 2)",
                "dependencies.json: field generated_by is not used by Headroom and was ignored (first on line 4)");
    }

    @Test
    void onlyHostsCsvIsNeededAndAbsentFilesAreNoted() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts());

        ScenarioImport result = ScenarioReader.readWithReport(dir, account("t"));

        AccountSnapshot s = result.snapshot();
        assertThat(s.metrics()).isEmpty();
        assertThat(s.policy()).isEmpty();
        assertThat(s.dependencies()).isEmpty();
        assertThat(result.notes()).anyMatch(n -> n.startsWith("metrics.csv is absent"))
                .anyMatch(n -> n.startsWith("policy.json is absent: the default policy applies"))
                .anyMatch(n -> n.startsWith("dependencies.json is absent"))
                .anyMatch(n -> n.startsWith("releases.json is absent"));
    }

    @Test
    void servicesOnlyInHostsTakeTheirMostCriticalHostAndTheDefaultSlo() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "db-1,redis,eu-west,eu-west-1a,r5.large,2,16,0.1,v7,low\n", "dependencies.json", """
                {"services": [{"name": "checkout", "max_utilisation": 0.75}]}
                """);

        ScenarioImport result = ScenarioReader.readWithReport(dir, account("t"));

        assertThat(result.snapshot().services()).containsExactly(
                new Service("checkout", Criticality.MEDIUM, new Slo(0.75, 0.5)),
                new Service("frontend", Criticality.HIGH, Slo.DEFAULT),
                new Service("redis", Criticality.LOW, Slo.DEFAULT));
        assertThat(result.notes()).contains("dependencies.json does not list services frontend, redis: "
                + "criticality taken from the most critical host, default SLO");
    }

    @Test
    void hostRowsPerServiceMergeIntoOneHostInFileOrder() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", HOSTS_HEADER
                + "app-1,checkout,eu-west,eu-west-1a,m5.xlarge,4,16,0.19,v2,high\n"
                + "web-1,frontend,eu-west,eu-west-1a,m5.large,2,8,0.1,v1,high\n"
                + "app-1,cart,eu-west,eu-west-1a,m5.xlarge,4.0,16,0.19,v2,HIGH\n");

        AccountSnapshot s = ScenarioReader.read(dir, account("t"));

        assertThat(s.hosts()).hasSize(2);
        assertThat(s.hosts().get(0).services()).containsExactly("checkout", "cart");
        assertThat(s.services()).extracting(Service::name).containsExactly("checkout", "frontend", "cart");
    }

    @Test
    void gappyMetricsBecomeNaNAndAreNotedPerSeries() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:10:00Z,3\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\n"
                + "web-2/memory,2026-11-22T16:00:00Z,5\n"
                + "web-1/cpu,2026-11-22T16:05:00Z,2\n"
                + "web-1/cpu,2026-11-22T16:25:00Z,6\n"
                + "web-2/memory,2026-11-22T17:03:00+01:00,7\n"
                + "web-2/memory,2026-11-22T16:02:00Z,6\n");

        ScenarioImport result = ScenarioReader.readWithReport(dir, account("t"));

        MetricSeries cpu = result.snapshot().metrics().get(0);
        assertThat(cpu.id()).hasToString("web-1/cpu");
        assertThat(cpu.values()).containsExactly(1, 2, 3, Double.NaN, Double.NaN, 6);
        assertThat(cpu.gaps()).isEqualTo(2);
        MetricSeries mem = result.snapshot().metrics().get(1);
        assertThat(mem.step().getSeconds()).isEqualTo(60);
        assertThat(mem.values()).containsExactly(5, Double.NaN, 6, 7);
        assertThat(result.notes()).contains(
                "metrics.csv: series web-1/cpu misses 2 of 6 samples (step 300 s); the gaps stay empty",
                "metrics.csv: series web-2/memory misses 1 of 4 samples (step 60 s); the gaps stay empty");
    }

    @Test
    void gzippedMetricsAreReadWhenThePlainFileIsAbsent() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(("series_id,timestamp,value\nweb-1/cpu,2026-11-22T16:00:00Z,1\n"
                    + "web-1/cpu,2026-11-22T16:05:00Z,2\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("metrics.csv.gz"), bytes.toByteArray());

        AccountSnapshot s = ScenarioReader.read(dir, account("t"));

        assertThat(s.metrics()).singleElement().satisfies(m -> assertThat(m.values()).containsExactly(1, 2));
    }

    @Test
    void singleSampleSeriesTakesTheStepOfTheOtherSeries() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\nweb-1/cpu,2026-11-22T16:01:00Z,2\n"
                + "web-2/cpu,2026-11-22T16:00:00Z,7\n");

        ScenarioImport result = ScenarioReader.readWithReport(dir, account("t"));

        assertThat(result.snapshot().metrics().get(1).step().getSeconds()).isEqualTo(60);
        assertThat(result.notes()).contains("metrics.csv: series web-2/cpu has a single sample (line 4); "
                + "its step is taken as 60 s");
    }

    @Test
    void policyFieldsDefaultWhenLeftOutAndNullBudgetMeansNoCap() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "policy.json",
                "{\"safety_margin\": 0.3, \"budget_usd\": null, \"window\": null}");

        Policy p = ScenarioReader.read(dir, account("t")).policy().orElseThrow();

        assertThat(p).isEqualTo(new Policy(Policy.DEFAULT.window(), 0.3, 0.6, 0.4, 0.25, 1, 0.5, 0.1, 15, true,
                java.util.Optional.empty(), 0.95));
    }

    @Test
    void filesThatAreNotPartOfAScenarioAreNoted() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "README.md", "notes");

        assertThat(ScenarioReader.readWithReport(dir, account("t")).notes())
                .contains("README.md is not part of a scenario and was ignored");
    }
}
