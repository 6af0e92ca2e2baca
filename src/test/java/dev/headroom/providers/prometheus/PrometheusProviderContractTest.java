package dev.headroom.providers.prometheus;

import dev.headroom.testing.MapSecretStore;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Prometheus provider passes the provider contract against a real Prometheus server (one per
 * class) serving the backfilled day of {@link NodeExporterHistory}; the account's clock stands at
 * the end of that day. It only reads, so the execution tests are skipped by the contract.
 */
class PrometheusProviderContractTest extends ProviderContractTest {
    @TempDir
    static Path dir;
    private static RealPrometheus server;

    @BeforeAll
    static void start() {
        assumeTrue(RealPrometheus.unavailable().isEmpty(), () -> RealPrometheus.unavailable().orElse(""));
        server = RealPrometheus.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Provider provider() {
        return PrometheusProvider.open(server.account("contract", Map.of()), new MapSecretStore(),
                Clock.fixed(server.history.end, ZoneOffset.UTC));
    }

    @Override
    protected Instant historyFrom() {
        return server.history.start;
    }

    @Override
    protected Instant historyTo() {
        return server.history.end;
    }
}
