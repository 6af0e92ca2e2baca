package dev.headroom.persistence;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Service;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphEdge;
import dev.headroom.graph.GraphEdit;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SqliteGraphRepositoryTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;

    static final GraphImport MANIFESTS = new GraphImport("k8s.yaml",
            List.of(new DiscoveredService("cart", "Deployment", OptionalInt.of(3), Optional.of(250.0),
                            Optional.of(128.0), Optional.of(1500.0), Optional.of(256.5), Optional.empty(),
                            "k8s.yaml:1"),
                    new DiscoveredService("redis", "StatefulSet", OptionalInt.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Criticality.HIGH),
                            "k8s.yaml:40")),
            List.of(new Dependency("cart", "redis", 0, "k8s.yaml:22 env REDIS_ADDR")),
            List.of("k8s.yaml:60 skipped kind Ingress"));

    static final DependencyGraph MERGED = DependencyGraph.builder()
            .service("cart", Criticality.HIGH)
            .service("lonely")
            .edge(new GraphEdge("cart", "redis", 12.5, List.of("k8s.yaml:22 env REDIS_ADDR", GraphEdit.REWEIGHTED)))
            .edge(new GraphEdge("web", "cart", 0, List.of()))
            .build();

    @Test
    void sourcesEditsAndSnapshotsRoundTripThroughAReopen() {
        GraphEdit remove = GraphEdit.remove("web", "cart", T0.plusSeconds(60));
        GraphEdit critical = GraphEdit.criticality("redis", Criticality.CRITICAL, T0.plusSeconds(120));
        GraphSnapshot first;
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            SqliteGraphRepository repo = new SqliteGraphRepository(store);
            first = repo.saveImports("demo", List.of(MANIFESTS), MERGED, T0, "imported k8s.yaml");
            repo.saveEdit("demo", remove, DependencyGraph.builder().build(), remove.describe());
            repo.saveEdit("demo", critical, MERGED, critical.describe());
        }
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            SqliteGraphRepository repo = new SqliteGraphRepository(store);

            assertThat(repo.sources("demo")).containsExactly(MANIFESTS);
            assertThat(repo.edits("demo")).containsExactly(remove, critical);
            assertThat(repo.snapshots("demo")).extracting(GraphSnapshot::takenAt, GraphSnapshot::edges,
                    GraphSnapshot::services, GraphSnapshot::reason).containsExactly(
                    tuple(T0, 2, 4, "imported k8s.yaml"),
                    tuple(T0.plusSeconds(60), 0, 0, "removed web → cart"),
                    tuple(T0.plusSeconds(120), 2, 4,
                            "set criticality of redis to critical"));
            DependencyGraph read = repo.snapshot("demo", first.id()).orElseThrow();
            assertThat(read).isEqualTo(MERGED);
            assertThat(read.criticality("cart")).contains(Criticality.HIGH);
            assertThat(read.criticality("lonely")).isEmpty();
            assertThat(read.edge("cart", "redis").orElseThrow().byOperator()).isTrue();
            assertThat(repo.snapshot("other", first.id())).isEmpty();
            assertThat(repo.sources("other")).isEmpty();
        }
    }

    @Test
    void reimportingASourceReplacesItAndKeepsTheOthers() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            SqliteGraphRepository repo = new SqliteGraphRepository(store);
            GraphImport traffic = new GraphImport("traffic.prom", List.of(),
                    List.of(new Dependency("web", "cart", 40, "istio_requests_total")), List.of());
            repo.saveImports("demo", List.of(MANIFESTS, traffic), MERGED, T0, "first");
            GraphImport smaller = new GraphImport("k8s.yaml", List.of(), List.of(), List.of());

            repo.saveImports("demo", List.of(smaller), MERGED, T0.plusSeconds(1), "second");

            assertThat(repo.sources("demo")).containsExactly(smaller, traffic);
        }
    }

    @Test
    void theGraphSurvivesTheFleetBeingReimported() {
        AccountSnapshot fleet = new AccountSnapshot(new Account("demo", AccountKind.FILES, T0, Map.of()), List.of(),
                List.of(), List.of(new Service("cart", Criticality.HIGH, null)), List.of(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty());
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            store.replace(fleet);
            SqliteGraphRepository repo = new SqliteGraphRepository(store);
            GraphEdit add = GraphEdit.add("web", "cart", 3, T0);
            repo.saveEdit("demo", add, MERGED, add.describe());

            store.replace(fleet);

            assertThat(repo.edits("demo")).containsExactly(add);
            assertThat(repo.snapshots("demo")).hasSize(1);
        }
    }

    @Test
    void deletingTheAccountDeletesItsGraph() {
        AccountSnapshot fleet = new AccountSnapshot(new Account("demo", AccountKind.FILES, T0, Map.of()), List.of(),
                List.of(), List.of(new Service("cart", Criticality.HIGH, null)), List.of(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty());
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            store.replace(fleet);
            SqliteGraphRepository repo = new SqliteGraphRepository(store);
            GraphEdit add = GraphEdit.add("web", "cart", 3, T0);
            repo.saveEdit("demo", add, MERGED, add.describe());

            store.delete("demo");
            store.replace(fleet);

            assertThat(repo.edits("demo")).isEmpty();
            assertThat(repo.snapshots("demo")).isEmpty();
        }
    }
}
