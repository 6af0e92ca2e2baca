package dev.headroom.graph.imports;

import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.headroom.graph.imports.Fixtures.edge;
import static dev.headroom.graph.imports.Fixtures.edges;
import static dev.headroom.graph.imports.Fixtures.lineOf;
import static dev.headroom.graph.imports.Fixtures.resource;
import static dev.headroom.graph.imports.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComposeImporterTest {
    private final ComposeImporter importer = new ComposeImporter();
    private final Path file = resource("compose.yaml");
    private final GraphImport g = importer.read(file);

    @Test
    void edgesFromDependsOnInBothFormsLinksAndEnvironmentInBothForms() {
        assertThat(edges(g)).containsExactlyInAnyOrder("web -> api", "web -> cache", "api -> db", "api -> queue",
                "worker -> db", "cache -> queue", "admin -> api");
        assertThat(edge(g, "web", "api").evidence()).isEqualTo(file + ":" + lineOf(file, "depends_on: [api, cache]")
                + " depends_on");
        assertThat(edge(g, "api", "db").evidence()).isEqualTo(file + ":" + lineOf(file, "      db:") + " depends_on");
        assertThat(edge(g, "api", "queue").evidence()).isEqualTo(file + ":" + lineOf(file, "amqp://")
                + " environment QUEUE");
        assertThat(edge(g, "worker", "db").evidence()).as("through container_name").endsWith(" environment PG");
        assertThat(edge(g, "cache", "queue").evidence()).as("through a merge key")
                .isEqualTo(file + ":" + lineOf(file, "BROKER: queue:5672") + " environment BROKER");
    }

    @Test
    void linksAreEdgesAndTheirAliasesNameTheLinkedService() {
        assertThat(edge(g, "admin", "api").evidence()).isEqualTo(file + ":" + lineOf(file, "api:backend") + " links");
        assertThat(g.notes()).noneMatch(n -> n.contains("database") || n.contains("backend"));
    }

    @Test
    void unknownServicesAreNotes() {
        assertThat(g.notes()).containsExactlyInAnyOrder(
                "unresolved reference partner:9000 in api environment PARTNER, " + file + " line "
                        + lineOf(file, "partner:9000") + ": no service of that name in this file, so no edge",
                "unresolved reference missing in worker depends_on, " + file + " line "
                        + lineOf(file, "depends_on: [missing]") + ": no service of that name in this file, so no edge");
    }

    @Test
    void replicasReservationsAndLimits() {
        DiscoveredService api = service(g, "api");
        assertThat(api.kind()).isEqualTo("compose");
        assertThat(api.replicas()).hasValue(3);
        assertThat(api.cpuRequestMillicores()).hasValue(500.0);
        assertThat(api.memoryRequestMib()).as("docker units are binary").hasValue(512.0);
        assertThat(api.cpuLimitMillicores()).hasValue(2000.0);
        assertThat(api.memoryLimitMib()).isEmpty();
        assertThat(api.evidence()).isEqualTo(file + ":" + lineOf(file, "  api:"));
        assertThat(service(g, "worker").memoryRequestMib()).hasValue(1024.0);
        assertThat(service(g, "db").replicas()).isEmpty();
        assertThat(service(g, "db").cpuRequestMillicores()).isEmpty();
        assertThat(g.services()).hasSize(7);
    }

    @Test
    void acceptsComposeFilesOnly() {
        assertThat(importer.accepts(file)).isTrue();
        assertThat(importer.accepts(resource("shop.yaml"))).isFalse();
    }

    @Test
    void servicesThatAreNotAMappingAreAnErrorWithTheLine() {
        Path f = resource("bad/compose-services-list.yaml");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.operatorMessage()).contains(f + " line 2: services must be a mapping");
        });
    }

    @Test
    void malformedYamlNamesTheLine() {
        Path f = resource("bad/malformed.yaml");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class,
                e -> assertThat(e.operatorMessage()).contains(f + " line 7: malformed YAML"));
    }
}
