package dev.headroom.engine;

import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetOverview;
import dev.headroom.providers.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sandbox fleet exported, imported elsewhere and exported again is the same fleet and the same files. */
class ScenarioRoundTripTest {
    static final Instant END = Instant.parse("2026-11-22T12:00:00Z");
    static final SandboxConfig SMALL = new SandboxConfig(7, 40, 3, Duration.ofMinutes(5), END);

    @TempDir
    Path tmp;

    @Test
    void exportImportExportGivesIdenticalFilesAndFleet() throws IOException {
        Clock clock = Clock.fixed(END.plusSeconds(3600), ZoneOffset.UTC);
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        try (Engine a = new Engine(tmp.resolve("a"), openStore(tmp.resolve("a")), clock);
             Engine b = new Engine(tmp.resolve("b"), openStore(tmp.resolve("b")), clock)) {
            a.createSandbox(SMALL, ProgressListener.NONE);
            a.scenarios().exportAccount(Engine.SANDBOX, first, false);

            var result = b.scenarios().importDirectory(first, Optional.of("demo"), false);
            assertThat(result.hosts()).isEqualTo(40);
            b.scenarios().exportAccount("demo", second, false);

            assertThat(contents(second)).isEqualTo(contents(first));
            // the sandbox frontend's response-time SLO went through the store, the files and back
            assertThat(Files.readString(second.resolve("dependencies.json")))
                    .contains("\"response_time_ms\": 55,\n      \"service_time_ms\": 40\n");

            FleetOverview original = a.fleet().overview(Engine.SANDBOX);
            FleetOverview imported = b.fleet().overview("demo");
            assertThat(imported.hosts()).isEqualTo(original.hosts());
            assertThat(imported.summary()).isEqualTo(original.summary());
            assertThat(imported.at()).isEqualTo(original.at());
        }
    }

    @Test
    void importingTwiceNeedsReplace() throws IOException {
        Clock clock = Clock.fixed(END, ZoneOffset.UTC);
        Path dir = tmp.resolve("dir");
        try (Engine a = new Engine(tmp.resolve("a"), openStore(tmp.resolve("a")), clock)) {
            a.createSandbox(SMALL, ProgressListener.NONE);
            a.scenarios().exportAccount(Engine.SANDBOX, dir, true);
            assertThat(Files.exists(dir.resolve("metrics.csv.gz"))).isTrue();
            a.scenarios().importDirectory(dir, Optional.of("copy"), false);
            assertThatThrownBy(() -> a.scenarios().importDirectory(dir, Optional.of("copy"), false))
                    .isInstanceOfSatisfying(HeadroomException.class,
                            e -> assertThat(e.operatorMessage()).contains("already exists").contains("--replace"));
            assertThat(a.scenarios().importDirectory(dir, Optional.of("copy"), true).hosts()).isEqualTo(40);
            assertThatThrownBy(() -> a.scenarios().importDirectory(dir, Optional.of(Engine.SANDBOX), true))
                    .isInstanceOfSatisfying(HeadroomException.class,
                            e -> assertThat(e.operatorMessage()).contains("cannot be replaced by an import"));
        }
    }

    @Test
    void accountNameComesFromTheDirectory() {
        assertThat(ScenarioService.accountNameFor(Path.of("/x/my fleet (prod)"))).isEqualTo("my-fleet--prod-");
        assertThat(ScenarioService.accountNameFor(Path.of("/x/__"))).isEqualTo("scenario");
    }

    private static dev.headroom.persistence.SqliteStore openStore(Path dir) {
        return dev.headroom.persistence.SqliteStore.open(DataDirectory.databaseFile(dir));
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }
}
