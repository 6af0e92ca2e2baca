package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderContractTest;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The sandbox passes the provider contract: the tiny fleet in a real SQLite file. */
class SandboxProviderContractTest extends ProviderContractTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private Provider provider;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T23:00:00Z"));
        TinyFleet.Setup sandbox = TinyFleet.setUp(store, clock);
        // the sandbox's clock paused an hour into the tiny fleet's two hours of samples
        Account stored = TinyFleet.snapshot().account();
        Account account = new Account(stored.name(), stored.kind(), stored.created(),
                Map.of("clock_now", TinyFleet.T0.plus(Duration.ofHours(1)).toString(), "clock_speed", "0"));
        provider = new SandboxProvider(account, store, clock, Optional.of(sandbox.provider()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Instant historyFrom() {
        return TinyFleet.T0;
    }

    @Override
    protected Instant historyTo() {
        return TinyFleet.T0.plus(Duration.ofHours(1));
    }

    @Override
    protected Optional<Execution> execution() {
        return Optional.of(new Execution("web-3", "2.0.0", "web", "us-east-1", "c5.xlarge", 1,
                TinyFleet.T0.plus(Duration.ofMinutes(10))));
    }
}
