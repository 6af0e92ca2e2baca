package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class JaegerDependenciesImporterTest {
    private final JaegerDependenciesImporter importer = new JaegerDependenciesImporter();

    @TempDir
    Path dir;

    @Test
    void callCountsOverTheStatedLookbackBecomeCallsPerSecond() throws IOException {
        GraphImport result = importer.read(write("deps.json", """
                {"lookback": 3600000, "data": [
                  {"parent": "frontend", "child": "cart", "callCount": 7200},
                  {"parent": "frontend", "child": "catalog", "callCount": 360, "source": "jaeger"},
                  {"parent": "cart", "child": "redis", "callCount": 18000}
                ], "total": 3, "limit": 0, "offset": 0, "errors": null}
                """));

        assertThat(result.edges()).extracting(Dependency::from, Dependency::to, Dependency::weight).containsExactly(
                tuple("frontend", "cart", 2.0), tuple("frontend", "catalog", 0.1), tuple("cart", "redis", 5.0));
        assertThat(result.edges().get(0).evidence()).isEqualTo("jaeger dependencies: 7200 calls over 1h");
        assertThat(result.services()).extracting(DiscoveredService::name, DiscoveredService::kind).containsExactly(
                tuple("frontend", "jaeger"), tuple("cart", "jaeger"), tuple("catalog", "jaeger"), tuple("redis", "jaeger"));
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void bareArrayWithoutLookbackKeepsRawCountsAndSaysTheyAreNotRates() throws IOException {
        GraphImport result = importer.read(write("deps.json", """
                [{"parent": "frontend", "child": "cart", "callCount": 123},
                 {"parent": "frontend", "child": "cart", "callCount": 7},
                 {"parent": "cart", "child": "cart", "callCount": 9}]
                """));

        assertThat(result.edges()).singleElement().satisfies(edge -> {
            assertThat(edge.weight()).isEqualTo(130.0);
            assertThat(edge.evidence()).isEqualTo("jaeger dependencies: 130 calls (a count, not a rate)");
        });
        assertThat(result.notes()).anyMatch(note -> note.startsWith("weights are Jaeger's call counts, not calls/s"))
                .anyMatch(note -> note.equals("skipped 1 self-call(s): cart ([2])"));
    }

    @Test
    void jaegerErrorAnswerIsReportedWithItsMessage() throws IOException {
        Path file = write("deps.json", """
                {"data": null, "total": 0, "errors": [{"code": 400, "msg": "unable to parse param 'endTs'"}]}
                """);

        assertThatThrownBy(() -> importer.read(file)).isInstanceOf(GraphImportException.class)
                .hasMessageContaining("Jaeger answered with an error: unable to parse param 'endTs' (code 400)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            scalar          | 42                                                                | at (top level): expected {"data": [...]}
            data not array  | {"data": {"parent": "a"}}                                         | at data: expected an array
            entry not object| {"data": ["a->b"]}                                                | at data[0]: expected an object
            missing child   | {"data": [{"parent": "a", "callCount": 1}]}                       | at data[0].child: expected a service name, found nothing
            count as text   | {"data": [{"parent": "a", "child": "b", "callCount": "12"}]}      | at data[0].callCount: expected a whole number >= 0, found "12"
            negative count  | [{"parent": "a", "child": "b", "callCount": 1}, {"parent": "a", "child": "c", "callCount": -1}] | at [1].callCount: expected a whole number >= 0, found -1
            bad lookback    | {"lookback": "1h", "data": []}                                    | at lookback: expected the query's lookback in milliseconds
            """)
    void wrongShapeIsRejectedWithItsLocation(String problem, String json, String message) throws IOException {
        Path file = write("deps.json", json);

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.operatorMessage()).contains(message).contains("nothing from it was imported");
        });
    }

    @Test
    void syntaxErrorNamesTheLine() throws IOException {
        Path file = write("deps.json", "{\"data\": [\n{\"parent\": \"a\",\n\"child\" \"b\"}]}\n");

        assertThatThrownBy(() -> importer.read(file)).isInstanceOfSatisfying(GraphImportException.class,
                e -> assertThat(e.line()).isEqualTo(3));
    }

    @Test
    void acceptsJaegerDependencyFilesOnly() throws IOException {
        assertThat(importer.accepts(write("deps.json", "{\"data\":[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":1}]}"))).isTrue();
        assertThat(importer.accepts(write("dependencies.json",
                "{\"edges\":[{\"from\":\"a\",\"to\":\"b\",\"weight\":1}]}"))).isFalse();
        assertThat(importer.accepts(write("range.json", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\"}}"))).isFalse();
        assertThat(importer.accepts(write("deps.txt", "[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":1}]"))).isFalse();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
