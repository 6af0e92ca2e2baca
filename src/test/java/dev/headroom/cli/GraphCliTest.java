package dev.headroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code headroom graph …} in-process on one generated sandbox. */
class GraphCliTest {
    @TempDir
    static Path shared;

    static Path dataDir;
    final CliRunner cli = new CliRunner();

    @BeforeAll
    static void firstStart() {
        dataDir = shared.resolve("data");
        CliRunner.Result r = new CliRunner().run("--data-dir", dataDir.toString(), "accounts");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private CliRunner.Result graph(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        all[2] = "graph";
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.run(all);
    }

    @Test
    void orderUpdatesCalleesFirstWithTheSandboxReleases() {
        CliRunner.Result r = graph("order");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> services = rows(r.out()).stream().map(cells -> cells[1]).toList();
        assertThat(services).containsExactly("adservice", "currencyservice", "emailservice", "paymentservice",
                "postgres-orders", "productcatalogservice", "recommendationservice", "redis-cart", "cartservice",
                "shippingservice", "checkoutservice", "frontend");
        assertThat(r.out()).contains("7.2.4", "v2.5.0 requires redis-cart>=7.2", "v3.0.0 (breaking)")
                .doesNotContain("cycle");
    }

    @Test
    void impactOfCartserviceIsItsTwoCallers() {
        CliRunner.Result r = graph("impact", "cartservice");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("A release of cartservice impacts 2 services.");
        assertThat(rows(r.out())).extracting(cells -> String.join(" ", cells))
                .containsExactly("checkoutservice 1 cartservice", "frontend 1 cartservice");
    }

    @Test
    void exportWritesTheSeventeenSandboxEdgesWithEvidence() throws IOException {
        CliRunner.Result r = graph("export", "--format", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("services")).hasSize(12);
        assertThat(root.get("edges")).hasSize(17);
        JsonNode first = root.get("edges").get(0);
        assertThat(first.get("evidence").asText()).isEqualTo("sandbox topology");
        assertThat(first.get("weight").asDouble()).isPositive();
        CliRunner.Result dot = graph("export", "--format", "dot");
        assertThat(dot.out()).startsWith("digraph \"sandbox\" {")
                .containsPattern("\"cartservice\" -> \"redis-cart\" \\[label=\"[0-9.]+\"\\];");
    }

    @Test
    void editsAreMarkedAndListedAsSnapshots() {
        CliRunner.Result edit = graph("edit", "add", "emailservice", "currencyservice", "2.5");
        assertThat(edit.exitCode()).as(edit.err()).isZero();
        assertThat(edit.out()).contains("added emailservice → currencyservice", "18 edges");

        assertThat(graph("export", "--format", "dot").out())
                .contains("\"emailservice\" -> \"currencyservice\" [label=\"2.5\", style=dashed];");
        assertThat(graph("snapshots").out()).contains("added emailservice → currencyservice");

        CliRunner.Result undo = graph("edit", "remove", "emailservice", "currencyservice");
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("17 edges");
    }

    @Test
    void criticalityListsPropagatedScores() {
        CliRunner.Result r = graph("criticality");

        assertThat(r.exitCode()).as(r.err()).isZero();
        // redis-cart is high (0.75) itself; checkoutservice (critical, 1.0) calls cartservice, which calls it
        assertThat(rows(r.out())).anySatisfy(cells -> assertThat(cells).startsWith("redis-cart", "high", "0.810",
                "checkoutservice"));
    }

    @Test
    void badEditsAndUnknownFilesAreOperatorOrUsageErrors() throws IOException {
        CliRunner.Result missing = graph("edit", "remove", "frontend", "postgres-orders");
        assertThat(missing.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(missing.err()).contains("no edge frontend → postgres-orders");

        CliRunner.Result noWeight = graph("edit", "reweight", "frontend", "adservice");
        assertThat(noWeight.exitCode()).isEqualTo(HeadroomCli.USAGE_ERROR);
        assertThat(noWeight.err()).contains("reweight needs a WEIGHT");

        Path notes = Files.writeString(shared.resolve("notes.txt"), "frontend calls cart\n");
        CliRunner.Result unknown = graph("import", notes.toString());
        assertThat(unknown.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(unknown.err()).contains("No importer recognises " + notes, "nothing was imported");

        CliRunner.Result impact = graph("impact", "nosuchservice");
        assertThat(impact.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(impact.err()).contains("\"nosuchservice\" is not in the dependency graph");
    }

    /** The cells of a table's rows after its header line. */
    private static List<String[]> rows(String out) {
        List<String> lines = Arrays.stream(out.split("\\R")).filter(l -> !l.isBlank()).toList();
        int header = 0;
        while (!lines.get(header).startsWith("SERVICE") && !lines.get(header).startsWith("STEP")) {
            header++;
        }
        return lines.subList(header + 1, lines.size()).stream().filter(l -> !l.startsWith("note:"))
                .map(l -> l.trim().split("\\s+")).toList();
    }
}
