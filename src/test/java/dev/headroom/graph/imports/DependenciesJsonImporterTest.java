package dev.headroom.graph.imports;

import dev.headroom.domain.Criticality;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static dev.headroom.graph.imports.Fixtures.edges;
import static dev.headroom.graph.imports.Fixtures.lineOf;
import static dev.headroom.graph.imports.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependenciesJsonImporterTest {
    private final DependenciesJsonImporter importer = new DependenciesJsonImporter();

    @Test
    void servicesCriticalityEdgesWeightsAndEvidence() {
        Path f = resource("dependencies.json");
        GraphImport g = importer.read(f);
        assertThat(g.services()).extracting(DiscoveredService::name).containsExactly("frontend", "cart", "redis");
        assertThat(g.services()).extracting(DiscoveredService::criticality).containsExactly(
                Optional.of(Criticality.HIGH), Optional.of(Criticality.MEDIUM), Optional.empty());
        assertThat(edges(g)).containsExactly("frontend -> cart", "cart -> redis");
        assertThat(g.edges().get(0).weight()).isEqualTo(120.0);
        assertThat(g.edges().get(0).evidence()).isEqualTo("env CART_SERVICE_ADDR");
        assertThat(g.edges().get(1).weight()).isZero();
        assertThat(g.edges().get(1).evidence()).isEqualTo(f + ":" + lineOf(f, "\"to\": \"redis\""));
    }

    @Test
    void anEdgeToAnUnlistedServiceIsAnErrorAtItsLine() {
        Path f = resource("bad/dependencies-unknown.json");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(lineOf(f, "checkout"));
            assertThat(e.operatorMessage()).contains("edge to \"checkout\" is not one of the listed services");
        });
    }

    @Test
    void malformedJsonNamesTheLine() {
        Path f = resource("bad/dependencies-malformed.json");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.operatorMessage()).startsWith(f + " line 5: malformed JSON");
        });
    }

    @Test
    void anUnknownCriticalityIsAnErrorAtItsService() {
        Path f = resource("bad/dependencies-criticality.json");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.operatorMessage()).contains("\"urgent\" is not a criticality");
        });
    }

    @Test
    void acceptsDependencyDocuments() {
        assertThat(importer.accepts(resource("dependencies.json"))).isTrue();
        assertThat(importer.accepts(resource("shop.yaml"))).isFalse();
    }
}
