package dev.headroom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance check on the full default demo fleet: export the sandbox, import it into
 * another data directory, and {@code fleet} prints the same in every format.
 */
class CliRoundTripTest {

    @Test
    void exportedSandboxImportedElsewhereListsTheSameFleet(@TempDir Path tmp) {
        CliRunner cli = new CliRunner();
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        Path exported = tmp.resolve("export");

        CliRunner.Result export = cli.run("--data-dir", a, "export", "--account", "sandbox", exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.exists(exported.resolve("metrics.csv"))).isTrue();

        CliRunner.Result imported = cli.run("--data-dir", b, "import", exported.toString(), "--name", "demo");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported account \"demo\"");

        for (String format : new String[] {"json", "csv", "table"}) {
            CliRunner.Result original = cli.run("--data-dir", a, "fleet", "--format", format);
            CliRunner.Result copy = cli.run("--data-dir", b, "fleet", "--account", "demo", "--format", format);
            assertThat(original.exitCode()).isZero();
            assertThat(copy.out()).as(format).isEqualTo(original.out());
        }
        Path again = tmp.resolve("again");
        assertThat(cli.run("--data-dir", b, "export", "--account", "demo", again.toString()).exitCode()).isZero();
        assertThat(again.resolve("metrics.csv")).hasSameTextualContentAs(exported.resolve("metrics.csv"));
        assertThat(again.resolve("hosts.csv")).hasSameTextualContentAs(exported.resolve("hosts.csv"));
    }
}
