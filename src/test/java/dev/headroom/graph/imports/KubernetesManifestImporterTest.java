package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.headroom.graph.imports.Fixtures.edge;
import static dev.headroom.graph.imports.Fixtures.edges;
import static dev.headroom.graph.imports.Fixtures.lineOf;
import static dev.headroom.graph.imports.Fixtures.resource;
import static dev.headroom.graph.imports.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KubernetesManifestImporterTest {
    private static final String WORKLOAD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: %s
            spec:
              template:
                spec:
                  containers:
                  - name: main
                    image: shop/main:1
            """;

    private final KubernetesManifestImporter importer = new KubernetesManifestImporter();
    private final Path shop = resource("shop.yaml");
    private final GraphImport g = importer.read(shop);

    @Test
    void everyDnsFormAndUrlOfAServiceGivesAnEdgeWithItsEnvLine() {
        assertThat(edges(g)).contains("web -> cart", "web -> catalog", "web -> orders", "web -> search",
                "web -> mail");
        assertThat(edge(g, "web", "cart").evidence()).isEqualTo(shop + ":" + lineOf(shop, "cart:7070")
                + " env CART_SERVICE_ADDR");
        assertThat(edge(g, "web", "catalog").evidence()).endsWith(":" + lineOf(shop, "catalog.shop") + " env CATALOG");
        assertThat(edge(g, "web", "orders").evidence()).contains(" env ORDERS");
        assertThat(edge(g, "web", "mail").evidence()).contains(" env SEARCH_HOSTS");
    }

    @Test
    void aServiceSelectingSeveralDeploymentsGivesOneEdgeToEach() {
        assertThat(edges(g)).contains("web -> reviews-v1", "web -> reviews-v2", "web -> reviews-v3");
        assertThat(edge(g, "web", "reviews-v2").evidence()).contains("env REVIEWS_URL");
    }

    @Test
    void argsCommandsAndConfigMapValuesAreSearchedToo() {
        assertThat(edge(g, "reviews-v2", "ratings-v1").evidence())
                .isEqualTo(shop + ":" + lineOf(shop, "--ratings=http://ratings:9080") + " args");
        assertThat(edge(g, "mail", "cart").evidence()).endsWith(" command");
        assertThat(edge(g, "web", "ratings-v1").evidence())
                .isEqualTo(shop + ":" + lineOf(shop, "RATINGS_HOST: ratings") + " configmap web-config key RATINGS_HOST");
        assertThat(edge(g, "ratings-v1", "users-db").evidence())
                .isEqualTo(shop + ":" + lineOf(shop, "DB_URL:") + " configmap ratings-config key DB_URL");
    }

    @Test
    void namesAloneSubstringsPathsFlagsUnreferencedConfigMapKeysAndSelfReferencesGiveNoEdge() {
        assertThat(edges(g)).containsExactlyInAnyOrder("web -> cart", "web -> catalog", "web -> reviews-v1",
                "web -> reviews-v2", "web -> reviews-v3", "web -> orders", "web -> search", "web -> mail",
                "web -> ratings-v1", "reviews-v2 -> ratings-v1", "ratings-v1 -> users-db", "mail -> cart");
    }

    @Test
    void replicasAreExplicitOrTheDefaultAndRequestsAreSummedExactly() {
        DiscoveredService web = service(g, "web");
        assertThat(web.replicas()).hasValue(3);
        assertThat(web.kind()).isEqualTo("Deployment");
        assertThat(web.cpuRequestMillicores()).hasValue(600.0);
        assertThat(web.memoryRequestMib()).hasValue(64.0 + 1024.0);
        assertThat(web.evidence()).isEqualTo(shop + ":" + (lineOf(shop, "  name: web-secret") + 5));
        DiscoveredService reviews = service(g, "reviews-v1");
        assertThat(reviews.replicas()).isEmpty();
        assertThat(reviews.effectiveReplicas()).isEqualTo(1);
        assertThat(reviews.cpuRequestMillicores()).isEmpty();
        DiscoveredService db = service(g, "users-db");
        assertThat(db.kind()).isEqualTo("StatefulSet");
        assertThat(db.cpuRequestMillicores()).hasValue(2000.0);
        assertThat(db.memoryRequestMib().orElseThrow()).isCloseTo(512e6 / 1048576, within(1e-9));
        assertThat(service(g, "mail").memoryRequestMib().orElseThrow()).isCloseTo(1e9 / 1048576, within(1e-9));
        assertThat(service(g, "mail").kind()).isEqualTo("DaemonSet");
        assertThat(g.services()).hasSize(13);
    }

    @Test
    void limitsAreSummedOnlyWhenEveryContainerDeclaresOne() {
        DiscoveredService db = service(g, "users-db");
        assertThat(db.cpuLimitMillicores()).hasValue(4000.0);
        assertThat(db.memoryLimitMib()).hasValue(1024.0);
        DiscoveredService web = service(g, "web");
        assertThat(web.cpuLimitMillicores()).as("the sidecar has no limit, so web has none").isEmpty();
        assertThat(web.memoryLimitMib()).isEmpty();
        assertThat(g.notes()).contains("Deployment web (" + shop + "): 1 of 2 containers declare no cpu limit, "
                + "so the workload has no cpu limit; none was stored");
        assertThat(service(g, "cart").cpuLimitMillicores()).isEmpty();
        assertThat(g.services()).allSatisfy(s -> assertThat(s.criticality()).isEmpty());
    }

    @Test
    void aTopologySplitOverThreeFilesResolvesTheSameEdgesWithEvidenceInTheFileOfTheReference(@TempDir Path dir) {
        List<Path> files = Fixtures.split(shop, dir);

        List<GraphImport> batch = importer.readBatch(files);

        assertThat(batch).extracting(GraphImport::source).containsExactly(files.stream().map(Path::toString)
                .toArray(String[]::new));
        List<Dependency> edges = batch.stream().flatMap(b -> b.edges().stream()).toList();
        assertThat(edges).extracting(e -> e.from() + " -> " + e.to())
                .containsExactlyInAnyOrderElementsOf(edges(g));
        for (Dependency e : edges) {
            Dependency single = edge(g, e.from(), e.to());
            assertThat(Fixtures.evidenceText(e.evidence())).as(e.toString())
                    .isEqualTo(Fixtures.evidenceText(single.evidence()));
        }
        Path deployments = files.get(0);
        Path config = files.get(2);
        assertThat(batch.get(0).edges()).as("every edge belongs to the file of its calling workload")
                .hasSize(edges.size());
        assertThat(edge(batch.get(0), "web", "ratings-v1").evidence()).as("the reference is the ConfigMap's value")
                .isEqualTo(config + ":" + lineOf(config, "RATINGS_HOST: ratings")
                        + " configmap web-config key RATINGS_HOST");
        assertThat(edge(batch.get(0), "web", "cart").evidence())
                .isEqualTo(deployments + ":" + lineOf(deployments, "cart:7070") + " env CART_SERVICE_ADDR");
        assertThat(batch.get(0).services()).extracting(DiscoveredService::name)
                .containsExactlyElementsOf(g.services().stream().map(DiscoveredService::name).toList());
        assertThat(service(batch.get(0), "users-db").cpuLimitMillicores()).hasValue(4000.0);
        assertThat(batch.get(1).services()).isEmpty();
        assertThat(batch.stream().flatMap(b -> b.notes().stream()))
                .noneMatch(n -> n.contains("is not in") && !n.contains("vault-secret"))
                .anyMatch(n -> n.startsWith("unresolved reference assistant:80 in web env ASSISTANT_ADDR, "
                        + deployments + " line " + lineOf(deployments, "assistant:80")
                        + ": no Service of that name in the files imported with it"));
    }

    @Test
    void aFileReadAloneDoesNotSeeTheServicesAndConfigMapsOfOtherFiles(@TempDir Path dir) {
        Path deployments = Fixtures.split(shop, dir).get(0);

        GraphImport alone = importer.read(deployments);

        assertThat(alone.edges()).isEmpty();
        assertThat(alone.notes()).anyMatch(n -> n.startsWith("ConfigMap web-config referenced by web at "
                + deployments) && n.contains("is not in this file"));
        assertThat(alone.notes()).anyMatch(n -> n.startsWith("unresolved reference cart:7070 in web"));
    }

    @Test
    void aWorkloadDefinedInTwoFilesOfABatchIsAnErrorNamingBoth(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), WORKLOAD.formatted("cart"));
        Path b = Files.writeString(dir.resolve("b.yaml"), "# another copy\n" + WORKLOAD.formatted("cart"));

        assertThatThrownBy(() -> importer.readBatch(List.of(a, b)))
                .isInstanceOfSatisfying(GraphImportException.class, e -> {
                    assertThat(e.file()).isEqualTo(b.toString());
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.operatorMessage()).contains("workload name cart is used twice (also at " + a
                            + " line 1)", "separate commands");
                });
    }

    @Test
    void aMalformedFileFailsTheWholeBatchWithItsFileAndLine(@TempDir Path dir) {
        List<Path> files = new ArrayList<>(Fixtures.split(shop, dir));
        Path bad = resource("bad/malformed.yaml");
        files.add(1, bad);

        assertThatThrownBy(() -> importer.readBatch(files)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.file()).isEqualTo(bad.toString());
            assertThat(e.line()).isEqualTo(7);
        });
    }

    @Test
    void unresolvedReferencesUnknownKindsAndOutsideSecretsAreNotesNotNodes() {
        assertThat(g.notes()).contains("unresolved reference assistant:80 in web env ASSISTANT_ADDR, " + shop
                + " line " + lineOf(shop, "assistant:80") + ": no Service of that name in this file, so no edge");
        assertThat(g.notes()).anyMatch(n -> n.startsWith("skipped VirtualService reviews-route at " + shop + " line "
                + (lineOf(shop, "kind: VirtualService") - 1) + ":"));
        assertThat(g.notes()).anyMatch(n -> n.startsWith("skipped ServiceAccount web at " + shop + " line 3:"));
        assertThat(g.notes()).anyMatch(n -> n.startsWith("Secret vault-secret key key (env API_KEY of web"));
        assertThat(g.notes()).noneMatch(n -> n.contains("web-secret"));
        assertThat(g.services()).extracting(DiscoveredService::name).doesNotContain("assistant");
    }

    @Test
    void acceptsManifestsOnly() {
        assertThat(importer.accepts(shop)).isTrue();
        assertThat(importer.accepts(resource("compose.yaml"))).isFalse();
        assertThat(importer.accepts(resource("dependencies.json"))).isFalse();
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        Path f = resource("bad/malformed.yaml");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.operatorMessage()).startsWith(f + " line 7: malformed YAML")
                    .contains("nothing from it was imported");
        });
    }

    @Test
    void helmTemplatesAreRecognisedWhetherTheyParseOrNot() {
        for (String name : new String[] {"helm-unquoted.yaml", "helm-directive.yaml", "helm-quoted.yaml"}) {
            Path f = resource("bad/" + name);
            int line = lineOf(f, Optional.of("{{ .Values").filter(s -> !name.equals("helm-directive.yaml"))
                    .orElse("{{- include"));
            assertThatThrownBy(() -> importer.read(f)).as(name)
                    .isInstanceOfSatisfying(GraphImportException.class, e -> {
                        assertThat(e.line()).isEqualTo(line);
                        assertThat(e.operatorMessage()).contains(f + " line " + line)
                                .contains("looks like a Helm template").contains("helm template");
                    });
        }
    }

    @Test
    void goTemplatesInConfigMapDataAreTheApplicationsOwn() {
        GraphImport imported = importer.read(resource("bad/configmap-template.yaml"));
        assertThat(imported.services()).extracting(DiscoveredService::name).containsExactly("web");
    }

    @Test
    void aWorkloadWithoutANameIsAnErrorAtItsDocument() {
        Path f = resource("bad/missing-name.yaml");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.operatorMessage()).contains(f + " line 8: Deployment has no metadata.name");
        });
    }

    @Test
    void aDocumentThatIsNotAMappingIsAnError() {
        Path f = resource("bad/non-mapping.yaml");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.operatorMessage()).contains(f + " line 6").contains("must be a mapping").contains("a list");
        });
    }

    @Test
    void aQuantityThatIsNotOneIsAnErrorAtItsLine() {
        Path f = resource("bad/bad-quantity.yaml");
        assertThatThrownBy(() -> importer.read(f)).isInstanceOfSatisfying(GraphImportException.class, e -> {
            assertThat(e.line()).isEqualTo(12);
            assertThat(e.operatorMessage()).contains("cpu request").contains("\"lots\" is not a Kubernetes quantity");
        });
    }
}
