package dev.headroom.ui.app;

import dev.headroom.domain.ProgressListener;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.persistence.SqliteStore;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real engine with the default sandbox fleet and the demo scenario directory ({@code
 * scenarios/boutique} of the test resources) imported as a files account, for the Accounts
 * page's picture. The directory is copied to a fixed place under the temporary directory, so that
 * the source the page shows does not change from one run to the next.
 */
public final class AccountsScreenshotStartup implements ConsoleStartup {
    /** Where the scenario is imported from, as the page shows it. */
    static final Path SCENARIO = Path.of(System.getProperty("java.io.tmpdir"), "headroom-screenshots", "scenarios",
            "boutique");

    @Override
    public ConsoleBackend open(ProgressListener progress) throws Exception {
        Path dir = Files.createTempDirectory("headroom-accounts-screenshot");
        Engine engine = new Engine(dir, SqliteStore.open(DataDirectory.databaseFile(dir)),
                Clock.fixed(SandboxScreenshotStartup.SHOT_TIME, ZoneOffset.UTC));
        engine.ensureSandbox(progress);
        copyScenario();
        engine.scenarios().importDirectory(SCENARIO, Optional.empty(), false);
        return ConsoleBackend.of(engine);
    }

    private static void copyScenario() throws IOException, URISyntaxException {
        Path from = Path.of(AccountsScreenshotStartup.class.getResource("/scenarios/boutique/hosts.csv").toURI())
                .getParent();
        Files.createDirectories(SCENARIO);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, SCENARIO.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
