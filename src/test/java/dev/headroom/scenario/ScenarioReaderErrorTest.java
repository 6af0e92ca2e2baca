package dev.headroom.scenario;

import org.assertj.core.api.AbstractObjectAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.headroom.scenario.ScenarioTestData.HOSTS_HEADER;
import static dev.headroom.scenario.ScenarioTestData.account;
import static dev.headroom.scenario.ScenarioTestData.scenario;
import static dev.headroom.scenario.ScenarioTestData.twoHosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of bad input stops the import with the file, line and field to fix. */
class ScenarioReaderErrorTest {
    private static final String ADVICE = "Fix the file and import again; nothing was imported.";

    @TempDir
    Path tmp;

    // ---- CSV structure ----

    @Test
    void missingRequiredColumnIsNamedOnTheHeaderLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", "host_id,service,region,zone,instance_type,memory_gib,hourly_cost_usd,"
                + "version,criticality\nweb-1,frontend,eu-west,eu-west-1a,m5.large,8,0.1,v1,high\n");

        ScenarioException e = error(dir, "hosts.csv", 1, "cpu_cores");

        assertThat(e.operatorMessage()).startsWith("hosts.csv line 1, field cpu_cores: the required column is missing")
                .contains("it needs host_id,service,region").endsWith(ADVICE);
    }

    @Test
    void badNumberNamesLineFieldAndValue() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "web-3,frontend,eu-west,eu-west-1a,m5.large,abc,8,0.096,v1.0.0,high\n");

        ScenarioException e = error(dir, "hosts.csv", 4, "cpu_cores");

        assertThat(e.operatorMessage()).isEqualTo("hosts.csv line 4, field cpu_cores: \"abc\" is not a number "
                + "(write it like 12 or 0.75, without units). " + ADVICE);
    }

    @Test
    void rowWithMoreFieldsThanTheHeaderSuggestsQuoting() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "web-3,frontend,eu-west,eu-west-1a,m5.large,2,8,0.096,v1.0.0,high,extra\n");

        assertThat(error(dir, "hosts.csv", 4, "").operatorMessage()).contains("the row has 11 fields but the header has 10")
                .contains("double quotes");
    }

    @Test
    void rowWithFewerFieldsNamesTheFirstMissingColumn() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts() + "web-3,frontend,eu-west\n");

        error(dir, "hosts.csv", 4, "zone");
    }

    @Test
    void unclosedQuoteNamesTheLineItStartsOn() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "web-3,frontend,eu-west,eu-west-1a,m5.large,2,8,0.096,\"v1.0.0,high\n\n");

        assertThat(error(dir, "hosts.csv", 4, "").operatorMessage()).contains("never closed");
    }

    @Test
    void textThatIsNotUtf8IsRejected() throws IOException {
        Path dir = scenario(tmp);
        byte[] latin1 = (HOSTS_HEADER + "web-1,frontend,eu-west,eu-west-1a,m5.large,2,8,0.1,v1 caf\u00e9,high\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("hosts.csv"), latin1);

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioReader.read(dir, account("t")));

        assertThat(e.file()).isEqualTo("hosts.csv");
        assertThat(e.operatorMessage()).contains("not UTF-8").endsWith(ADVICE);
    }

    // ---- values ----

    @Test
    void timeWithoutZoneIsABadTime() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "events.csv", "name,start,end,scope,load_factor\n"
                + "campaign,2026-12-01T18:00:00,2026-12-01T22:00:00Z,frontend,1.4\n");

        ScenarioException e = error(dir, "events.csv", 2, "start");

        assertThat(e.operatorMessage()).contains("\"2026-12-01T18:00:00\" is not an ISO-8601 time with a zone")
                .contains("2026-11-22T16:00:00Z");
    }

    @Test
    void badMetricTimestampIsABadTime() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\nweb-1/cpu,2026-13-22T16:05:00Z,2\n");

        error(dir, "metrics.csv", 3, "timestamp");
    }

    @Test
    void unknownCriticalityIsABadEnum() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", HOSTS_HEADER
                + "web-1,frontend,eu-west,eu-west-1a,m5.large,2,8,0.1,v1,urgent\n");

        assertThat(error(dir, "hosts.csv", 2, "criticality").operatorMessage())
                .contains("\"urgent\" is not a criticality (use low, medium, high or critical)");
    }

    @Test
    void unknownOutcomeIsABadEnum() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "update_history.csv",
                "host_id,service,from_version,to_version,started,finished,peak_cpu,outcome\n"
                        + "web-1,frontend,v1,v2,2026-10-02T01:00:00Z,2026-10-02T01:10:00Z,50,done\n");

        assertThat(error(dir, "update_history.csv", 2, "outcome").operatorMessage()).contains("succeeded, failed");
    }

    @Test
    void unknownMetricIsABadEnum() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\nweb-1/gpu,2026-11-22T16:00:00Z,2\n");

        assertThat(error(dir, "metrics.csv", 3, "series_id").operatorMessage()).contains("\"gpu\" is not a metric");
    }

    @Test
    void domainRuleViolationGetsFileLineAndField() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "web-3,frontend,eu-west,eu-west-1a,m5.large,-2,8,0.096,v1.0.0,high\n");

        assertThat(error(dir, "hosts.csv", 4, "cpu_cores").operatorMessage()).contains("must be a finite number > 0");
    }

    @Test
    void eventEndingBeforeItStartsBreaksADomainRule() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "events.csv", "name,start,end,scope,load_factor\n"
                + "x,2026-12-01T18:00:00Z,2026-12-01T17:00:00Z,*,1.4\n");

        error(dir, "events.csv", 2, "end");
    }

    // ---- duplicates ----

    @Test
    void hostListingTheSameServiceTwiceIsADuplicate() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "web-1,frontend,eu-west,eu-west-1a,m5.large,2,8,0.096,v1.0.0,high\n");

        assertThat(error(dir, "hosts.csv", 4, "service").operatorMessage()).contains("already runs service frontend");
    }

    @Test
    void rowsOfOneHostThatDisagreeNameTheFieldAndTheFirstLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts()
                + "web-1,cartservice,us-east,eu-west-1a,m5.large,2,8,0.096,v1.0.0,high\n");

        assertThat(error(dir, "hosts.csv", 4, "region").operatorMessage())
                .contains("host web-1 has region \"us-east\" here but \"eu-west\" on line 2");
    }

    @Test
    void responseTimeWithoutServiceTimeNamesTheMissingField() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "dependencies.json", """
                {"services": [
                  {"name": "frontend",
                   "response_time_ms": 120}]}
                """);

        assertThat(error(dir, "dependencies.json", 2, "service_time_ms").operatorMessage())
                .contains("the field is missing: response_time_ms needs service_time_ms as well");
    }

    @Test
    void responseTimeNotAboveTheServiceTimeNamesItsLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "dependencies.json", """
                {"services": [
                  {"name": "frontend",
                   "service_time_ms": 40,
                   "response_time_ms": 30}]}
                """);

        assertThat(error(dir, "dependencies.json", 4, "response_time_ms").operatorMessage())
                .contains("30 ms must be more than service_time_ms 40 ms");
    }

    @Test
    void nonPositiveServiceTimeNamesItsLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "dependencies.json", """
                {"services": [
                  {"name": "frontend", "response_time_ms": 30,
                   "service_time_ms": -5}]}
                """);

        assertThat(error(dir, "dependencies.json", 3, "service_time_ms").operatorMessage()).contains("must be a finite number > 0");
    }

    @Test
    void serviceListedTwiceInDependenciesIsADuplicate() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "dependencies.json", """
                {"services": [
                  {"name": "frontend", "criticality": "high"},
                  {"name": "frontend", "criticality": "low"}]}
                """);

        error(dir, "dependencies.json", 3, "name");
    }

    @Test
    void sampleTwiceAtOneTimeIsADuplicateNamingBothLines() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\nweb-1/cpu,2026-11-22T16:05:00Z,2\n"
                + "web-2/cpu,2026-11-22T16:00:00Z,2\nweb-1/cpu,2026-11-22T16:05:00Z,3\n");

        assertThat(error(dir, "metrics.csv", 5, "timestamp").operatorMessage())
                .contains("already has a sample at 2026-11-22T16:05:00Z (line 3)");
    }

    @Test
    void timestampOffTheSeriesGridIsAnError() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\nweb-1/cpu,2026-11-22T16:05:00Z,2\n"
                + "web-1/cpu,2026-11-22T16:10:00Z,2\nweb-1/cpu,2026-11-22T16:12:00Z,3\n");

        assertThat(error(dir, "metrics.csv", 5, "timestamp").operatorMessage()).contains("is not on the 300 s grid");
    }

    // ---- references ----

    @Test
    void seriesOfUnknownHostNamesTheLineThatReferencesIt() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "metrics.csv", "series_id,timestamp,value\n"
                + "web-1/cpu,2026-11-22T16:00:00Z,1\nweb-9/cpu,2026-11-22T16:00:00Z,2\n");

        assertThat(error(dir, "metrics.csv", 3, "series_id").operatorMessage()).contains("web-9, which is not in hosts.csv");
    }

    @Test
    void historyOfUnknownHostNamesTheLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "update_history.csv",
                "host_id,service,from_version,to_version,started,finished,peak_cpu,outcome\n"
                        + "web-1,frontend,v1,v2,2026-10-02T01:00:00Z,2026-10-02T01:10:00Z,50,succeeded\n"
                        + "web-7,frontend,v1,v2,2026-10-02T01:00:00Z,2026-10-02T01:10:00Z,50,succeeded\n");

        error(dir, "update_history.csv", 3, "host_id");
    }

    @Test
    void edgeToUnknownServiceNamesTheJsonLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "dependencies.json", """
                {"edges": [
                  {"from": "frontend",
                   "to": "payments"}]}
                """);

        assertThat(error(dir, "dependencies.json", 3, "to").operatorMessage()).contains("service payments is neither");
    }

    @Test
    void releaseOfUnknownServiceNamesTheJsonLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "releases.json", """
                {"releases": [
                  {"service": "frontend", "version": "v2"},
                  {"service": "ads", "version": "v2"}]}
                """);

        error(dir, "releases.json", 3, "service");
    }

    @Test
    void eventScopeThatIsNoServiceOrRegionIsAnError() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "events.csv", "name,start,end,scope,load_factor\n"
                + "x,2026-12-01T18:00:00Z,2026-12-01T19:00:00Z,ap-south,1.4\n");

        error(dir, "events.csv", 2, "scope");
    }

    // ---- JSON ----

    @Test
    void malformedJsonNamesTheLineJacksonStoppedAt() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "policy.json", """
                {"safety_margin": 0.2,
                 "spot_allowed": true,,
                 "budget_usd": 10}
                """);

        assertThat(error(dir, "policy.json", 2, "").operatorMessage()).contains("the JSON is malformed");
    }

    @Test
    void wrongJsonTypeNamesFieldAndLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "policy.json", """
                {
                  "safety_margin": "20%"
                }
                """);

        assertThat(error(dir, "policy.json", 2, "safety_margin").operatorMessage())
                .isEqualTo("policy.json line 2, field safety_margin: must be a number, not \"20%\". " + ADVICE);
    }

    @Test
    void fractionalMinutesAreAWrongType() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "policy.json", "{\"stabilization_minutes\": 1.5}");

        assertThat(error(dir, "policy.json", 1, "stabilization_minutes").operatorMessage()).contains("whole number");
    }

    @Test
    void listExpectedButObjectGivenIsAWrongType() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "releases.json", "{\"releases\": {\"service\": \"x\"}}");

        error(dir, "releases.json", 1, "releases");
    }

    @Test
    void policyRuleViolationNamesTheFieldLine() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "policy.json", """
                {"spot_allowed": true,
                 "safety_margin": 1.5}
                """);

        assertThat(error(dir, "policy.json", 2, "safety_margin").operatorMessage()).contains("below 1");
    }

    @Test
    void windowEndingBeforeItStartsNamesTheNestedField() throws IOException {
        Path dir = scenario(tmp, "hosts.csv", twoHosts(), "policy.json", """
                {"window": {"start": "2026-11-23T07:00:00Z",
                            "end": "2026-11-23T01:00:00Z"}}
                """);

        error(dir, "policy.json", 2, "window.end");
    }

    // ---- directory ----

    @Test
    void missingDirectoryIsReportedWithItsPath() {
        Path dir = tmp.resolve("nope");

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioReader.read(dir, account("t")));

        assertThat(e.file()).isEqualTo(dir.toString());
        assertThat(e.operatorMessage()).contains(dir + " does not exist").contains("nothing was imported");
    }

    @Test
    void directoryWithoutHostsCsvIsRefused() throws IOException {
        Path dir = scenario(tmp, "metrics.csv", "series_id,timestamp,value\n");

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioReader.read(dir, account("t")));

        assertThat(e.file()).isEqualTo("hosts.csv");
        assertThat(e.line()).isZero();
        assertThat(e.operatorMessage()).contains("has no hosts.csv");
    }

    @Test
    void fileInsteadOfDirectoryIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("hosts.csv"), twoHosts());

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioReader.read(file, account("t")));

        assertThat(e.operatorMessage()).contains("is a file, not a scenario directory");
    }

    @Test
    void unreadableDirectoryIsRefused() throws IOException {
        Path dir = scenario(tmp.resolve("locked"), "hosts.csv", twoHosts());
        assertThat(dir.toFile().setReadable(false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(dir), "running as root: permissions not enforced");

            ScenarioException e = catchThrowableOfType(ScenarioException.class,
                    () -> ScenarioReader.read(dir, account("t")));

            assertThat(e.operatorMessage()).contains("cannot be read");
        } finally {
            dir.toFile().setReadable(true);
        }
    }

    private ScenarioException error(Path dir, String file, int line, String field) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioReader.read(dir, account("t")));
        assertThat(e).as("import should fail").isNotNull();
        AbstractObjectAssert<?, ScenarioException> where = assertThat(e);
        where.extracting(ScenarioException::file, ScenarioException::line, ScenarioException::field)
                .as(e.operatorMessage()).containsExactly(file, line, field);
        assertThat(e.operatorMessage()).endsWith(ADVICE);
        return e;
    }
}
