package dev.headroom.scenario;

import dev.headroom.domain.AccountSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.headroom.scenario.ScenarioTestData.richSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScenarioWriterTest {
    @TempDir
    Path tmp;

    @Test
    void refusesADirectoryThatHoldsOtherFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("thesis.tex"), "precious");

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioWriter.write(richSnapshot(), dir, false));

        assertThat(e.operatorMessage()).contains("is not a scenario directory").contains("nothing was written");
        assertThat(listing(dir)).containsExactly("thesis.tex");
        assertThat(listing(tmp)).containsExactly("docs");
    }

    @Test
    void replacesAnEarlierExportAndRemovesItsStaleFilesButKeepsForeignOnes() throws IOException {
        Path dir = tmp.resolve("export");
        ScenarioWriter.write(richSnapshot(), dir, false);
        Files.writeString(dir.resolve("NOTES.md"), "mine");
        AccountSnapshot s = richSnapshot();
        AccountSnapshot smaller = new AccountSnapshot(s.account(), s.instanceTypes(), s.hosts(), s.services(),
                s.dependencies(), s.metrics(), s.releases(), s.updateHistory(), List.of(), Optional.empty());

        ScenarioWriter.write(smaller, dir, true);

        assertThat(listing(dir)).containsExactly("NOTES.md", "dependencies.json", "hosts.csv", "instance_types.csv",
                "metrics.csv.gz", "releases.json", "update_history.csv");
        assertThat(ScenarioReader.read(dir, s.account())).isEqualTo(smaller);
        assertThat(listing(tmp)).containsExactly("export");
    }

    @Test
    void writesIntoANewDirectoryWithoutLeavingStagingBehind() throws IOException {
        Path dir = tmp.resolve("a/b/new");

        ScenarioWriter.write(richSnapshot(), dir, false);

        assertThat(listing(dir)).contains("hosts.csv", "metrics.csv");
        assertThat(listing(dir.getParent())).containsExactly("new");
    }

    @Test
    void refusesAFileAsTarget() throws IOException {
        Path file = Files.writeString(tmp.resolve("out"), "x");

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioWriter.write(richSnapshot(), file, false));

        assertThat(e.operatorMessage()).contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
