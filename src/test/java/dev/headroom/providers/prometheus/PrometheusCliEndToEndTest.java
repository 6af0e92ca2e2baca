package dev.headroom.providers.prometheus;

import dev.headroom.cli.HeadroomCli;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.engine.DataDirectory;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator's path from a Prometheus server to a plan, through the command line only, against a
 * real Prometheus serving the backfilled day of {@link NodeExporterHistory}: add the account, test
 * it, sync it into the store, plan its hosts, change a setting (a wrong one refused), remove it.
 */
class PrometheusCliEndToEndTest {
    @TempDir
    static Path dir;
    private static RealPrometheus server;

    @BeforeAll
    static void start() throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("prometheus"));
        assumeTrue(RealPrometheus.unavailable().isEmpty(), () -> RealPrometheus.unavailable().orElse(""));
        // the history runs a few minutes past now, as a live server's does, so that the inventory read
        // "now" (the CLI's clock is the real one) finds every host within Prometheus's five-minute lookback
        long step = NodeExporterHistory.STEP.toSeconds();
        server = RealPrometheus.start(dir.resolve("prometheus"), java.time.Instant.ofEpochSecond(
                (java.time.Instant.now().getEpochSecond() / step + 2) * step));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeadroomCli.run(all.toArray(String[]::new), d -> {
            throw new AssertionError("no console in this test");
        }, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anAccountIsAddedTestedSyncedPlannedChangedAndRemovedFromTheCommandLine() {
        String url = server.url.toString();

        Result added = cli("accounts", "add", "prometheus", "prod", "--url", url, "--set", "history_range=2d",
                "--set", "service_graph=istio");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added prometheus account prod");

        Result tested = cli("accounts", "test", "prod");
        assertThat(tested.code()).as(tested.err()).isZero();
        assertThat(tested.out()).startsWith("Prometheus ").contains(url);

        Result synced = cli("sync", "prod");
        assertThat(synced.code()).as(synced.err()).isZero();
        int hosts = server.history.hosts().size();
        assertThat(synced.out()).contains("Synced prod").contains(hosts + " hosts");
        assertThat(synced.err()).contains("100%");
        try (SqliteStore store = SqliteStore.open(DataDirectory.databaseFile(dir.resolve("data")))) {
            AccountSnapshot s = store.load("prod", true).orElseThrow();
            assertThat(s.hosts()).extracting(Host::id).containsExactlyInAnyOrderElementsOf(
                    server.history.hosts().stream().map(Host::id).toList());
            assertThat(s.metrics()).as("CPU and memory per host").hasSize(2 * hosts);
            assertThat(s.dependencies()).isNotEmpty();
        }

        Result listed = cli("accounts", "--format", "csv");
        assertThat(listed.out()).contains("prod,prometheus").contains(",ok");

        Result planned = cli("plan", "--account", "prod");
        assertThat(planned.code()).as(planned.err()).isZero();
        assertThat(planned.out()).contains("\"batches\"");

        Result refused = cli("accounts", "set", "prod", "url=ftp://nowhere");
        assertThat(refused.code()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(refused.err()).contains("url");
        Result stillThere = cli("accounts", "test", "prod");
        assertThat(stillThere.code()).as("the stored URL was kept: %s", stillThere.err()).isZero();

        Result removed = cli("accounts", "remove", "prod", "--yes");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(cli("accounts", "--format", "csv").out()).doesNotContain("prod,");
    }
}
