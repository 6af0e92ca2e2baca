package dev.headroom.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class LogsTest {
    private final Logger root = LogManager.getLogManager().getLogger("");
    private List<Handler> saved;

    @BeforeEach
    void saveHandlers() {
        saved = List.of(root.getHandlers());
    }

    @AfterEach
    void restoreHandlers() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        saved.forEach(root::addHandler);
    }

    @Test
    void logRecordsGoToTheDataDirectoryNotTheTerminal(@TempDir Path dataDir) throws IOException {
        Path file = Logs.toFiles(dataDir);
        Logger.getLogger("dev.headroom.test").warning("disk almost full on use1-db-01");
        for (Handler h : root.getHandlers()) {
            h.flush();
        }
        assertThat(file).isEqualTo(dataDir.resolve("logs").resolve("headroom-0.log"));
        assertThat(Files.readString(file)).contains("disk almost full on use1-db-01");
        assertThat(root.getHandlers()).hasSize(1);
    }

    @Test
    void unwritableLogDirectoryLeavesLoggingAsItWas(@TempDir Path tmp) throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThat(Logs.toFiles(notADirectory)).isNull();
        assertThat(root.getHandlers()).containsExactlyElementsOf(saved);
    }
}
