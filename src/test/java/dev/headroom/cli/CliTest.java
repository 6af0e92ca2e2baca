package dev.headroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.engine.DataDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI end to end on real data directories (one default sandbox is generated for the class). */
class CliTest {
    @TempDir
    static Path shared;

    static Path dataDir;
    final CliRunner cli = new CliRunner();

    @BeforeAll
    static void firstStart() {
        dataDir = shared.resolve("data");
        CliRunner.Result r = new CliRunner().run("--data-dir", dataDir.toString(), "accounts");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("First start: generating the sandbox fleet");
    }

    @Test
    void versionAndHelpExitZero() {
        CliRunner.Result version = cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("Headroom ");
        CliRunner.Result help = cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("fleet", "import", "export", "accounts", "--data-dir");
    }

    @Test
    void usageErrorsExitTwo() {
        CliRunner.Result r = cli.run("fleet", "--format", "yaml");
        assertThat(r.exitCode()).isEqualTo(HeadroomCli.USAGE_ERROR);
        assertThat(r.err()).contains("yaml").contains("headroom --help");
        assertThat(cli.run("no-such-command").exitCode()).isEqualTo(HeadroomCli.USAGE_ERROR);
    }

    @Test
    void noCommandOpensTheConsoleOnTheChosenDataDirectory() {
        CliRunner.Result r = cli.run("--data-dir", dataDir.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(cli.consoleStarts).containsExactly(dataDir.toAbsolutePath().normalize());
    }

    @Test
    void accountsListsTheSandbox() {
        CliRunner.Result r = cli.run("--data-dir", dataDir.toString(), "accounts", "--format", "csv");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("NAME,KIND,CREATED,SOURCE,LAST SYNC,STATUS\n").contains("\nsandbox,sandbox,");
    }

    @Test
    void fleetJsonShowsTheDemoFleet() throws IOException {
        CliRunner.Result r = cli.run("fleet", "--data-dir", dataDir.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode hosts = root.get("hosts");
        assertThat(hosts.size()).isGreaterThanOrEqualTo(200);
        Set<String> regions = new HashSet<>();
        int withLoad = 0;
        for (JsonNode h : hosts) {
            regions.add(h.get("region").asText());
            if (h.get("cpu_percent").isNumber()) {
                withLoad++;
                assertThat(h.get("cpu_percent").asDouble()).isBetween(0.0, 100.0);
            }
        }
        assertThat(regions).hasSizeGreaterThanOrEqualTo(3);
        assertThat(withLoad).isGreaterThan(hosts.size() * 9 / 10);
        assertThat(root.get("summary").get("hosts").asInt()).isEqualTo(hosts.size());
    }

    @Test
    void fleetTableAndCsvAgreeOnHosts() {
        CliRunner.Result table = cli.run("--data-dir", dataDir.toString(), "fleet");
        CliRunner.Result csv = cli.run("--data-dir", dataDir.toString(), "fleet", "--format", "csv");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("hosts,").contains("HOST").contains("CPU_PCT");
        long csvRows = csv.out().lines().count() - 1;
        long tableRows = table.out().lines().count() - 3; // summary line, blank line, header
        assertThat(csvRows).isEqualTo(tableRows).isGreaterThanOrEqualTo(200);
    }

    @Test
    void forecastOfAnAccountCoversEveryHostFromItsClockAndIsJournaled() throws IOException {
        CliRunner.Result r = cli.run("--data-dir", dataDir.toString(), "forecast", "--account", "sandbox",
                "--horizon", "1h", "--metric", "cpu", "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode series = new ObjectMapper().readTree(r.out()).get("series");
        assertThat(series.size()).isGreaterThanOrEqualTo(200);
        for (JsonNode s : series) {
            assertThat(s.get("series_id").asText()).endsWith("/cpu");
            assertThat(s.get("steps").size()).isEqualTo(12);
            assertThat(s.get("reason").asText()).isNotBlank();
            JsonNode first = s.get("steps").get(0);
            assertThat(first.get("lower95").asDouble()).isLessThanOrEqualTo(first.get("mean").asDouble());
            assertThat(first.get("upper95").asDouble()).isGreaterThanOrEqualTo(first.get("mean").asDouble());
        }
        assertThat(cli.run("--data-dir", dataDir.toString(), "forecast", "--account", "sandbox", "--horizon", "12")
                .err()).contains("With --account write it as 24h, 90m or 2d");
        assertThat(cli.run("--data-dir", dataDir.toString(), "forecast", "--account", "sandbox", "--horizon", "1h",
                "--metric", "gpu").err()).contains("\"gpu\" is not a metric");
    }

    @Test
    void unknownAccountIsAnOperatorError() {
        CliRunner.Result r = cli.run("--data-dir", dataDir.toString(), "fleet", "--account", "prod");
        assertThat(r.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(r.err()).contains("There is no account named \"prod\"").contains("headroom accounts")
                .doesNotContain("Exception");
    }

    @Test
    void badScenarioNamesFileLineAndFieldAndStoresNothing() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("bad"));
        Files.writeString(dir.resolve("hosts.csv"),
                "host_id,service,region,zone,instance_type,cpu_cores,memory_gib,hourly_cost_usd,version,criticality\n"
                        + "web-1,frontend,eu-west-1,eu-west-1a,m5.large,2,8,0.096,v1,high\n"
                        + "web-2,frontend,eu-west-1,eu-west-1b,m5.large,two,8,0.096,v1,high\n");
        CliRunner.Result r = cli.run("--data-dir", dataDir.toString(), "import", dir.toString());
        assertThat(r.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(r.err()).contains("hosts.csv").contains("line 3").contains("cpu_cores");
        assertThat(cli.run("--data-dir", dataDir.toString(), "accounts", "--format", "csv").out())
                .doesNotContain("\nbad,");
    }

    @Test
    void databaseOfANewerHeadroomIsRefusedAndLeftUntouched() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("newer"));
        Path db = DataDirectory.databaseFile(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE future_thing (id INTEGER PRIMARY KEY)");
            s.execute("PRAGMA user_version = 999");
        }
        byte[] before = Files.readAllBytes(db);
        CliRunner.Result r = cli.run("--data-dir", dir.toString(), "accounts");
        assertThat(r.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(r.err()).contains("newer version of Headroom").contains("schema 999").contains(db.toString());
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void databaseLockedByAnotherProgramIsReported() throws Exception {
        Path dir = shared.resolve("locked");
        assertThat(cli.run("--data-dir", dir.toString(), "accounts").exitCode()).isZero();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + DataDirectory.databaseFile(dir));
             Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            s.execute("CREATE TABLE held_by_other_program (id INTEGER)");
            CliRunner.Result r = cli.run("--data-dir", dir.toString(), "fleet");
            assertThat(r.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
            assertThat(r.err()).contains("in use by another program").doesNotContain("Exception");
            s.execute("ROLLBACK");
        }
        assertThat(cli.run("--data-dir", dir.toString(), "fleet").exitCode()).isZero();
    }

    @Test
    void damagedDatabaseIsReportedAndLeftUntouched() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("damaged"));
        Path db = DataDirectory.databaseFile(dir);
        byte[] garbage = "this is not an SQLite database, it is a note someone saved here".repeat(100).getBytes();
        Files.write(db, garbage);
        CliRunner.Result r = cli.run("--data-dir", dir.toString(), "fleet");
        assertThat(r.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(r.err()).contains(db.toString()).doesNotContain("Exception");
        assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    }
}
