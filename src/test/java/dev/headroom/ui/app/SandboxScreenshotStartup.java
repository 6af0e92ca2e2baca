package dev.headroom.ui.app;

import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.domain.ProgressListener;
import dev.headroom.persistence.SqliteStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The real engine on a fresh data directory with the default sandbox fleet, as a first start
 * shows it. The clock is fixed so that README screenshots only change when the application does.
 */
public final class SandboxScreenshotStartup implements ConsoleStartup {
    static final Instant SHOT_TIME = Instant.parse("2026-11-22T18:00:00Z");

    @Override
    public ConsoleBackend open(ProgressListener progress) throws Exception {
        Path dir = Files.createTempDirectory("headroom-screenshots");
        Engine engine = new Engine(dir, SqliteStore.open(DataDirectory.databaseFile(dir)),
                Clock.fixed(SHOT_TIME, ZoneOffset.UTC));
        engine.ensureSandbox(progress);
        return ConsoleBackend.of(engine);
    }
}
