package dev.headroom.graph;

import dev.headroom.audit.AuditFilter;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditService;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.testing.SteppingClock;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.graph.imports.DependenciesJsonImporter;
import dev.headroom.graph.imports.KubernetesManifestImporter;
import dev.headroom.persistence.SqliteGraphRepository;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.headroom.graph.GraphTestData.T0;
import static dev.headroom.graph.GraphTestData.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphServiceTest {
    @TempDir
    Path dir;

    SqliteStore store;
    GraphService graphs;
    final SteppingClock clock = new SteppingClock(GraphTestData.T0);
    final List<GraphImporter> importers = List.of(new LinesImporter());

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        store.replace(GraphTestData.fleet());
        graphs = new GraphService(store, new SqliteGraphRepository(store), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void mergeJoinsFleetAndSourcesAndKeepsEveryEdgesEvidence() {
        Path a = file(dir, "a.edges", "web -> api 50", "api -> db");
        Path b = file(dir, "b.edges", "# traffic", "api -> db 7", "service batch");

        graphs.importFiles("demo", List.of(a, b), importers);

        DependencyGraph g = graphs.graph("demo");
        assertThat(g.services()).containsExactly("api", "batch", "cache", "db", "web");
        GraphEdge webApi = g.edge("web", "api").orElseThrow();
        assertThat(webApi.evidence()).containsExactly("fleet file", "a.edges:1");
        assertThat(webApi.weight()).as("the larger, measured weight wins").isEqualTo(50);
        GraphEdge apiDb = g.edge("api", "db").orElseThrow();
        assertThat(apiDb.evidence()).containsExactly("a.edges:2", "b.edges:2");
        assertThat(apiDb.weight()).isEqualTo(7);
        assertThat(apiDb.byOperator()).isFalse();
        assertThat(g.criticality("web")).contains(Criticality.HIGH);
        assertThat(g.criticality("db")).isEmpty();
    }

    @Test
    void reimportingASourceReplacesItsEarlierContent() {
        Path a = file(dir, "a.edges", "web -> api", "api -> db");
        graphs.importFiles("demo", List.of(a), importers);
        file(dir, "a.edges", "web -> api");

        graphs.importFiles("demo", List.of(a), importers);

        assertThat(graphs.graph("demo").edge("api", "db")).isEmpty();
    }

    @Test
    void operatorEditsSurviveAReimportAndAreMarked() {
        Path a = file(dir, "a.edges", "web -> api 50", "api -> db 5");
        graphs.importFiles("demo", List.of(a), importers);
        graphs.removeEdge("demo", "api", "db");
        graphs.addEdge("demo", "web", "cache", 3);
        graphs.reweight("demo", "web", "api", 99);
        graphs.setCriticality("demo", "db", Criticality.LOW);

        graphs.importFiles("demo", List.of(file(dir, "a.edges", "web -> api 80", "api -> db 6")), importers);

        DependencyGraph g = graphs.graph("demo");
        assertThat(g.edge("api", "db")).as("removed stays removed").isEmpty();
        GraphEdge added = g.edge("web", "cache").orElseThrow();
        assertThat(added.weight()).isEqualTo(3);
        assertThat(added.evidence()).containsExactly(GraphEdit.ADDED);
        assertThat(added.byOperator()).isTrue();
        GraphEdge reweighted = g.edge("web", "api").orElseThrow();
        assertThat(reweighted.weight()).as("the operator's weight beats the import's 80").isEqualTo(99);
        assertThat(reweighted.evidence()).containsExactly("fleet file", "a.edges:1", GraphEdit.REWEIGHTED);
        assertThat(g.criticality("db")).contains(Criticality.LOW);
        assertThat(graphs.edits("demo")).extracting(GraphEdit::kind).containsExactly(GraphEdit.Kind.REMOVE,
                GraphEdit.Kind.ADD, GraphEdit.Kind.REWEIGHT, GraphEdit.Kind.CRITICALITY);
    }

    @Test
    void anEdgeAddedAfterItsRemovalIsBack() {
        graphs.removeEdge("demo", "web", "api");
        assertThat(graphs.graph("demo").edge("web", "api")).isEmpty();

        graphs.addEdge("demo", "web", "api", 4);

        GraphEdge back = graphs.graph("demo").edge("web", "api").orElseThrow();
        assertThat(back.evidence()).as("the removal dropped the fleet's evidence; the edge is the operator's now")
                .containsExactly(GraphEdit.ADDED);
        assertThat(back.weight()).isEqualTo(4);
    }

    @Test
    void aBadFileStoresNothingAndLeavesThePreviousSnapshot() {
        graphs.importFiles("demo", List.of(file(dir, "a.edges", "web -> api")), importers);
        DependencyGraph before = graphs.graph("demo");
        Path good = file(dir, "b.edges", "api -> db");
        Path bad = file(dir, "c.edges", "api -> queue", "api calls db");

        assertThatThrownBy(() -> graphs.importFiles("demo", List.of(good, bad), importers))
                .isInstanceOf(GraphImportException.class)
                .satisfies(e -> assertThat(((GraphImportException) e).line()).isEqualTo(2))
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                        .contains("c.edges line 2", "nothing from it was imported"));

        assertThat(graphs.snapshots("demo")).hasSize(1);
        assertThat(graphs.graph("demo")).isEqualTo(before);
        assertThat(graphs.graph("demo").contains("db")).isFalse();
    }

    /** Three files as a repository holds them: web calls cart through a ConfigMap, cart calls redis by env. */
    private List<Path> splitTopology() {
        Path deployments = file(dir, "deployment.yaml",
                "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web}", "spec:", "  template:",
                "    metadata: {labels: {app: web}}", "    spec:", "      containers:", "      - name: web",
                "        envFrom:", "        - configMapRef: {name: web-config}",
                "---",
                "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: cart}", "spec:", "  replicas: 2",
                "  template:", "    metadata: {labels: {app: cart}}", "    spec:", "      containers:",
                "      - name: cart", "        env:", "        - {name: REDIS_ADDR, value: \"redis:6379\"}",
                "        resources:", "          requests: {cpu: 250m}", "          limits: {cpu: \"1\", memory: 1Gi}",
                "---",
                "apiVersion: apps/v1", "kind: StatefulSet", "metadata: {name: redis}", "spec:", "  template:",
                "    metadata: {labels: {app: redis}}", "    spec:", "      containers:", "      - name: redis");
        Path services = file(dir, "service.yaml",
                "apiVersion: v1", "kind: Service", "metadata: {name: cart}", "spec: {selector: {app: cart}}",
                "---",
                "apiVersion: v1", "kind: Service", "metadata: {name: redis}", "spec: {selector: {app: redis}}");
        Path config = file(dir, "configmap.yaml",
                "apiVersion: v1", "kind: ConfigMap", "metadata: {name: web-config}",
                "data: {CART_URL: \"http://cart:7070/api\"}");
        return List.of(deployments, services, config);
    }

    @Test
    void aTopologySplitOverThreeFilesResolvesTheSameEdgesAsOneFile() throws IOException {
        List<Path> split = splitTopology();
        Path single = file(dir, "all.yaml", Files.readString(split.get(0)), "---", Files.readString(split.get(1)),
                "---", Files.readString(split.get(2)));
        List<GraphImporter> k8s = List.of(new KubernetesManifestImporter());

        GraphService.ImportResult fromSplit = graphs.importFiles("demo", split, k8s);

        assertThat(fromSplit.files()).extracting(f -> f.file()).containsExactlyElementsOf(split);
        assertThat(fromSplit.files().get(0).read().edges()).extracting(d -> d.from() + " -> " + d.to())
                .containsExactly("web -> cart", "cart -> redis");
        assertThat(fromSplit.files().get(0).read().edges().get(0).evidence())
                .isEqualTo(split.get(2) + ":4 configmap web-config key CART_URL");
        assertThat(fromSplit.files().get(0).read().notes()).isEmpty();
        try (SqliteStore other = SqliteStore.open(dir.resolve("other.db"))) {
            other.replace(GraphTestData.fleet());
            GraphService graphsOfOne = new GraphService(other, new SqliteGraphRepository(other), clock);
            graphsOfOne.importFiles("demo", List.of(single), k8s);
            assertThat(graphs.graph("demo").edges()).extracting(e -> e.from() + " -> " + e.to())
                    .containsExactlyElementsOf(graphsOfOne.graph("demo").edges().stream()
                            .map(e -> e.from() + " -> " + e.to()).toList())
                    .contains("web -> cart", "cart -> redis");
        }
        assertThat(graphs.snapshots("demo")).hasSize(1);
    }

    @Test
    void aBatchWithOneMalformedFileStoresNothingOfTheBatch() {
        graphs.importFiles("demo", List.of(file(dir, "a.edges", "web -> api")), importers);
        DependencyGraph before = graphs.graph("demo");
        List<Path> split = new ArrayList<>(splitTopology());
        Path bad = file(dir, "broken.yaml", "apiVersion: v1", "kind: ConfigMap", "metadata: {name: x",
                "data: {}");
        split.add(1, bad);
        List<GraphImporter> k8s = List.of(new KubernetesManifestImporter(), new LinesImporter());

        assertThatThrownBy(() -> graphs.importFiles("demo", split, k8s))
                .isInstanceOfSatisfying(GraphImportException.class, e -> {
                    assertThat(e.file()).isEqualTo(bad.toString());
                    assertThat(e.line()).isPositive();
                    assertThat(e.operatorMessage()).startsWith(bad + " line " + e.line() + ": malformed YAML");
                });

        assertThat(graphs.snapshots("demo")).hasSize(1);
        assertThat(graphs.graph("demo")).isEqualTo(before);
        assertThat(graphs.discoveredServices("demo")).doesNotContainKey("cart");
    }

    @Test
    void criticalityIsTheOperatorsThenTheSourcesDeclarationThenTheFleets() {
        Path declared = file(dir, "dependencies.json", """
                {"services": [{"name": "web", "criticality": "low"}, {"name": "api"},
                              {"name": "queue", "criticality": "medium"}, {"name": "db", "criticality": "low"}],
                 "edges": []}""");
        Path other = file(dir, "other.json", """
                {"services": [{"name": "queue", "criticality": "high"}], "edges": []}""");
        List<GraphImporter> json = List.of(new DependenciesJsonImporter());

        graphs.importFiles("demo", List.of(declared, other), json);
        graphs.setCriticality("demo", "db", Criticality.CRITICAL);

        DependencyGraph g = graphs.graph("demo");
        assertThat(g.criticality("web")).as("declared low beats the fleet's high").contains(Criticality.LOW);
        assertThat(g.criticality("api")).as("nothing declared: the fleet's").contains(Criticality.CRITICAL);
        assertThat(g.criticality("queue")).as("two sources disagree: the higher").contains(Criticality.HIGH);
        assertThat(g.criticality("db")).as("the operator's edit beats the declaration").contains(Criticality.CRITICAL);

        graphs.importFiles("demo", List.of(file(dir, "dependencies.json", """
                {"services": [{"name": "web"}, {"name": "db", "criticality": "medium"}], "edges": []}""")), json);

        g = graphs.graph("demo");
        assertThat(g.criticality("web")).as("the declaration is gone: the fleet's again").contains(Criticality.HIGH);
        assertThat(g.criticality("db")).as("the edit survives a re-import").contains(Criticality.CRITICAL);
    }

    @Test
    void discoveredServicesTakeEachSizeFromTheFirstSourceThatDeclaresIt() {
        graphs.importFiles("demo", splitTopology(), List.of(new KubernetesManifestImporter()));
        graphs.importFiles("demo", List.of(file(dir, "z.edges", "service cart", "service batch")), importers);

        Map<String, DiscoveredService> found = graphs.discoveredServices("demo");

        assertThat(found).containsOnlyKeys("web", "cart", "redis", "batch");
        DiscoveredService cart = found.get("cart");
        assertThat(cart.kind()).isEqualTo("Deployment");
        assertThat(cart.replicas()).hasValue(2);
        assertThat(cart.cpuRequestMillicores()).hasValue(250.0);
        assertThat(cart.memoryRequestMib()).isEmpty();
        assertThat(cart.cpuLimitMillicores()).hasValue(1000.0);
        assertThat(cart.memoryLimitMib()).hasValue(1024.0);
        assertThat(found.get("batch").kind()).isEqualTo("lines");
    }

    @Test
    void aFileNoImporterAcceptsIsNamedAndNothingIsStored() {
        Path odd = file(dir, "notes.txt", "web -> api");

        assertThatThrownBy(() -> graphs.importFiles("demo", List.of(odd), importers))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                        .contains(odd.toString(), "No importer recognises", "lines"));
        assertThat(graphs.snapshots("demo")).isEmpty();
    }

    @Test
    void editsOfMissingEdgesOrServicesAndUnknownAccountsAreRefused() {
        assertThatThrownBy(() -> graphs.removeEdge("demo", "api", "web")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no edge api → web");
        assertThatThrownBy(() -> graphs.reweight("demo", "api", "web", 2)).isInstanceOf(HeadroomException.class);
        assertThatThrownBy(() -> graphs.setCriticality("demo", "nope", Criticality.LOW))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("no service \"nope\"");
        assertThatThrownBy(() -> graphs.addEdge("demo", "web", "web", 1))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("cannot depend on itself");
        assertThatThrownBy(() -> graphs.graph("prod")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no account named \"prod\"");
        assertThat(graphs.edits("demo")).isEmpty();
    }

    @Test
    void everyImportAndEditStoresATimeStampedSnapshot() {
        graphs.importFiles("demo", List.of(file(dir, "a.edges", "api -> db")), importers);
        clock.advance(Duration.ofMinutes(5));
        graphs.addEdge("demo", "db", "cache", 1);
        clock.advance(Duration.ofMinutes(5));
        graphs.removeEdge("demo", "web", "api");

        List<GraphSnapshot> snapshots = graphs.snapshots("demo");

        assertThat(snapshots).extracting(GraphSnapshot::takenAt)
                .containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(600));
        assertThat(snapshots).extracting(GraphSnapshot::edges).containsExactly(2, 3, 2);
        assertThat(snapshots.get(2).reason()).isEqualTo("removed web → api");
        assertThat(graphs.snapshot("demo", snapshots.get(1).id()).orElseThrow().edge("web", "api")).isPresent();
        assertThat(graphs.snapshot("demo", snapshots.get(2).id())).contains(graphs.graph("demo"));
    }

    @Test
    void takingAHostOutTakesOutEveryServiceOnIt() {
        graphs.addEdge("demo", "web", "cache", 1);
        graphs.addEdge("demo", "admin", "web", 1);

        assertThat(graphs.blastRadiusOfHost("demo", "h1")).containsExactly(
                new GraphAnalysis.Impacted("web", 1, "api"), new GraphAnalysis.Impacted("admin", 2, "web"));
        assertThatThrownBy(() -> graphs.blastRadiusOfHost("demo", "h9")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no host \"h9\"");
    }

    @Test
    void updateOrderUsesTheAccountsReleases() {
        graphs.addEdge("demo", "cache", "api", 1);

        GraphAnalysis.UpdateOrder order = graphs.updateOrder("demo");

        assertThat(order.steps()).hasSize(2);
        assertThat(order.steps().get(0).services()).containsExactly("api", "cache");
        assertThat(order.steps().get(0).cycle()).contains("cycle: api → cache → api");
    }

    @Test
    void importsAndEditsAreAuditedAfterTheyAreStored() {
        AuditService audit = new AuditService(new SqliteAuditLog(store), clock);
        GraphService audited = new GraphService(store, new SqliteGraphRepository(store), clock, audit.trail("alice"));
        audited.importFiles("demo", List.of(file(dir, "a.edges", "web -> api", "api -> db")), importers);
        audited.addEdge("demo", "web", "cache", 3);
        audited.removeEdge("demo", "web", "api");
        audited.setCriticality("demo", "db", Criticality.LOW);
        assertThatThrownBy(() -> audited.removeEdge("demo", "web", "api")).isInstanceOf(HeadroomException.class);

        List<AuditRecord> records = audit.records(AuditFilter.ALL);
        assertThat(records).extracting(r -> r.subject() + ": " + r.detail().replaceAll(" \\(snapshot \\d+\\)", ""))
                .containsExactly("import: imported a.edges", "web → cache: added web → cache (weight 3.0)",
                        "web → api: removed web → api", "db: set criticality of db to low");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo("graph");
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.account()).isEqualTo("demo");
        });
        assertThat(audit.verify(java.util.Optional.empty()).intact()).isTrue();
    }
}
