package dev.headroom.graph.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.cli.HeadroomCli;
import dev.headroom.domain.HeadroomException;
import dev.headroom.graph.imports.GraphBench.TopologyScore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.headroom.graph.imports.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GraphBenchTest {
    private static final Path SHARED = Path.of(System.getProperty("headroom.shared.data", "../shared/data"))
            .resolve("topologies");

    @TempDir
    static Path data;

    /** One topology of the shop fixture with a truth that the importer partly misses and partly contradicts. */
    @BeforeAll
    static void topology() throws IOException {
        Path shop = Files.createDirectories(data.resolve("shop/deploy"));
        Files.copy(resource("shop.yaml"), shop.resolve("shop.yaml"));
        Files.writeString(data.resolve("shop/LICENSE.upstream"), "kind: not a manifest\n");
        Files.writeString(data.resolve("shop/edges.json"), """
                {"services": [
                  {"name": "web", "replicas": 3, "replicas_explicit": true,
                   "cpu_request_millicores": 600, "memory_request_mib": 1088},
                  {"name": "reviews-v1", "replicas": 2, "replicas_explicit": true,
                   "cpu_request_millicores": null, "memory_request_mib": null},
                  {"name": "users-db", "replicas": 1, "replicas_explicit": true,
                   "cpu_request_millicores": 1000, "memory_request_mib": 488.28125},
                  {"name": "gone", "replicas": 1, "replicas_explicit": false}
                 ],
                 "edges": [
                  {"from": "web", "to": "cart", "in_manifest": true},
                  {"from": "web", "to": "payments", "in_manifest": true},
                  {"from": "reviews-v1", "to": "ratings-v1", "in_manifest": false}
                 ]}
                """);
    }

    @Test
    void scoresEdgesReplicasAndRequestsAgainstTheTruth() {
        TopologyScore s = GraphBench.standard().run(data).get(0);
        assertThat(s.name()).isEqualTo("shop");
        assertThat(s.files()).containsExactly(Path.of("deploy", "shop.yaml").toString());
        assertThat(s.servicesFound()).isEqualTo(13);
        assertThat(s.edgesFound()).isEqualTo(12);
        assertThat(s.trueEdges()).isEqualTo(3);
        assertThat(s.visibleEdges()).isEqualTo(2);
        assertThat(s.precision()).isCloseTo(1.0 / 12, within(1e-12));
        assertThat(s.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.recallVisible()).isEqualTo(0.5);
        assertThat(s.missedVisible()).containsExactly("web -> payments");
        assertThat(s.falseEdges()).hasSize(11).anyMatch(e -> e.startsWith("web -> catalog  "));
        assertThat(s.replicaMismatches()).containsExactly("reviews-v1: 1 (default), expected 2 (explicit)",
                "gone: not imported");
        assertThat(s.requestMismatches()).containsExactly("users-db cpu request: 2000.0m, expected 1000.0m");
    }

    @Test
    void aTopologySplitOverFilesScoresAsTheSingleFile(@TempDir Path other) throws IOException {
        Path folder = Files.createDirectories(other.resolve("shop"));
        Fixtures.split(resource("shop.yaml"), folder.resolve("deploy"));
        Files.copy(data.resolve("shop/edges.json"), folder.resolve("edges.json"));

        TopologyScore split = GraphBench.standard().run(other).get(0);
        TopologyScore single = GraphBench.standard().run(data).get(0);

        assertThat(split.files()).hasSize(3);
        assertThat(split.edgesFound()).isEqualTo(single.edgesFound());
        assertThat(split.precision()).isEqualTo(single.precision());
        assertThat(split.recallVisible()).isEqualTo(single.recallVisible());
        assertThat(split.missedVisible()).isEqualTo(single.missedVisible());
        assertThat(split.requestMismatches()).isEqualTo(single.requestMismatches());
    }

    @Test
    void aFolderWithoutTopologiesIsAnOperatorError(@TempDir Path empty) {
        assertThatThrownBy(() -> GraphBench.standard().run(empty)).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("No topology folder in " + empty);
    }

    @Test
    void cliPrintsTheFiguresAsJsonAndTable() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeadroomCli.run(new String[] {"bench", "graph", "--data", data.toString(), "--format", "json"},
                p -> { }, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode t = new ObjectMapper().readTree(out.toString()).get("topologies").get(0);
        for (String field : List.of("name", "services_found", "edges_found", "true_edges", "precision", "recall",
                "recall_visible", "replica_mismatches", "request_mismatches")) {
            assertThat(t.has(field)).as(field).isTrue();
        }
        assertThat(t.get("recall_visible").asDouble()).isEqualTo(0.5);
        assertThat(t.get("request_mismatches")).hasSize(1);

        StringWriter table = new StringWriter();
        code = HeadroomCli.run(new String[] {"bench", "graph", "--data", data.toString()}, p -> { },
                new PrintWriter(table), new PrintWriter(err));
        assertThat(code).isZero();
        assertThat(table.toString()).contains("RECALL_VISIBLE").contains("shop: missed visible edge web -> payments");
    }

    @Test
    void sharedTopologiesMeetTheTargets() {
        assumeTrue(Files.isDirectory(SHARED), "shared topologies not present at " + SHARED);
        List<TopologyScore> scores = GraphBench.standard().run(SHARED);
        assertThat(scores).extracting(TopologyScore::name).contains("online-boutique", "sock-shop", "bookinfo");
        for (TopologyScore s : scores) {
            assertThat(s.recallVisible()).as(s.name() + " missed " + s.missedVisible()).isEqualTo(1.0);
            assertThat(s.precision()).as(s.name() + " false " + s.falseEdges()).isGreaterThanOrEqualTo(0.95);
            assertThat(s.replicaMismatches()).as(s.name()).isEmpty();
            assertThat(s.requestMismatches()).as(s.name()).isEmpty();
        }
        TopologyScore boutique = scores.stream().filter(s -> s.name().equals("online-boutique")).findFirst().orElseThrow();
        assertThat(boutique.edgesFound()).isEqualTo(16);
        assertThat(boutique.notes()).anyMatch(n -> n.startsWith("unresolved reference shoppingassistantservice:80 "
                + "in frontend env SHOPPING_ASSISTANT_SERVICE_ADDR"));
    }
}
