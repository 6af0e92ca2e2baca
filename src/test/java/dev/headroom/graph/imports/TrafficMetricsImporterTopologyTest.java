package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * For each shared topology, an export generated from its true edges goes through the importer,
 * which must find every true edge, no other, and the rate the generator chose within 1 %.
 */
class TrafficMetricsImporterTopologyTest {
    private final TrafficMetricsImporter importer = new TrafficMetricsImporter();

    @TempDir
    Path dir;

    static Stream<Path> topologies() throws IOException {
        Path root = Path.of(System.getProperty("headroom.shared.data", "../shared/data"), "topologies");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared topologies not found at " + root.toAbsolutePath());
        try (Stream<Path> children = Files.list(root)) {
            List<Path> found = children.filter(child -> Files.isRegularFile(child.resolve("edges.json"))).sorted().toList();
            Assumptions.assumeFalse(found.isEmpty(), "no topology with edges.json under " + root.toAbsolutePath());
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void istioOpenMetricsGivesEveryTrueEdgeAtItsRate(Path topology) throws IOException {
        TrafficExportGenerator export = generator(topology);
        GraphImport result = importer.read(write("istio.om", export.istioOpenMetrics()));

        assertRecovered(result, export);
        int keptSamples = 2 * (TrafficExportGenerator.STEPS + 1);
        assertThat(result.edges()).extracting(Dependency::evidence)
                .containsOnly("traffic istio_requests_total over 3h (" + keptSamples + " samples)");
        assertThat(String.join("\n", result.notes()))
                .contains("unknown or empty", "calling itself", "1 counter reset", "reporter=\"destination\"",
                        "istio_request_duration_milliseconds_sum");
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void istioPrometheusTextWithMillisecondTimestampsGivesTheSameRates(Path topology) throws IOException {
        TrafficExportGenerator export = generator(topology);
        assertRecovered(importer.read(write("istio.prom", export.istioPrometheusText())), export);
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void openTelemetryServiceGraphGivesEveryTrueEdgeAtItsRate(Path topology) throws IOException {
        TrafficExportGenerator export = generator(topology);
        GraphImport result = importer.read(write("otel.om", export.otelOpenMetrics()));

        assertRecovered(result, export);
        assertThat(result.edges()).allSatisfy(edge ->
                assertThat(edge.evidence()).startsWith("traffic traces_service_graph_request_total over 3h"));
        assertThat(String.join("\n", result.notes())).contains("unknown or empty", "calling itself", "1 counter reset");
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void apiRangeQueryJsonGivesEveryTrueEdgeAtItsRate(Path topology) throws IOException {
        TrafficExportGenerator export = generator(topology);
        Path file = write("query_range.json", export.istioApiMatrix());

        assertThat(importer.accepts(file)).isTrue();
        GraphImport result = importer.read(file);
        assertRecovered(result, export);
        assertThat(result.services()).allSatisfy(service ->
                assertThat(service.evidence()).startsWith(file + " data.result["));
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void apiInstantQueryOfRatesGivesEveryTrueEdgeAtItsRate(Path topology) throws IOException {
        TrafficExportGenerator export = generator(topology);
        GraphImport result = importer.read(write("query.json", export.istioApiRateVector()));

        assertRecovered(result, export);
        assertThat(result.edges()).allSatisfy(edge ->
                assertThat(edge.evidence()).startsWith("traffic rate(istio_requests_total) at 2026-"));
    }

    private static TrafficExportGenerator generator(Path topology) throws IOException {
        return new TrafficExportGenerator(TrafficExportGenerator.trueEdges(topology),
                topology.getFileName().toString().hashCode());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertRecovered(GraphImport result, TrafficExportGenerator export) {
        Map<TrafficExportGenerator.Edge, Double> rates = export.rates();
        Map<TrafficExportGenerator.Edge, Double> found = result.edges().stream().collect(Collectors.toMap(
                edge -> new TrafficExportGenerator.Edge(edge.from(), edge.to()), Dependency::weight));
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(rates.keySet());
        rates.forEach((edge, rate) -> assertThat(found.get(edge)).as("weight of %s", edge)
                .isCloseTo(rate, within(rate * 0.01)));
        Set<String> endpoints = new HashSet<>();
        rates.keySet().forEach(edge -> {
            endpoints.add(edge.from());
            endpoints.add(edge.to());
        });
        assertThat(result.services()).extracting(DiscoveredService::name).containsExactlyInAnyOrderElementsOf(endpoints);
        assertThat(result.services()).extracting(DiscoveredService::kind).containsOnly("traffic");
    }
}
