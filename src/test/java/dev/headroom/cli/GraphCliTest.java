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
    void impactBlastAndOrderPrintJson() throws IOException {
        CliRunner.Result impact = graph("impact", "cartservice", "--format", "json");
        assertThat(impact.exitCode()).as(impact.err()).isZero();
        JsonNode i = new ObjectMapper().readTree(impact.out());
        assertThat(i.get("service").asText()).isEqualTo("cartservice");
        assertThat(i.get("impacted")).hasSize(2);
        assertThat(i.get("impacted").get(0).toString())
                .isEqualTo("{\"service\":\"checkoutservice\",\"depth\":1,\"via\":\"cartservice\"}");

        CliRunner.Result blast = graph("blast", "redis-cart", "--format", "json");
        assertThat(blast.exitCode()).as(blast.err()).isZero();
        JsonNode b = new ObjectMapper().readTree(blast.out());
        assertThat(b.get("services").toString()).isEqualTo("[\"redis-cart\"]");
        assertThat(b.get("impacted")).extracting(n -> n.get("service").asText() + " " + n.get("depth").asInt())
                .containsExactly("cartservice 1", "checkoutservice 2", "frontend 2");

        CliRunner.Result order = graph("order", "--format", "json");
        assertThat(order.exitCode()).as(order.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(order.out());
        assertThat(o.get("steps")).hasSize(12);
        JsonNode first = o.get("steps").get(0);
        assertThat(first.get("step").asInt()).isEqualTo(1);
        assertThat(first.get("services").toString()).isEqualTo("[\"adservice\"]");
        assertThat(first.get("cycle").isNull()).isTrue();
        assertThat(o.get("steps")).anySatisfy(step -> assertThat(step.get("releases").toString())
                .contains("\"version\":\"v2.5.0\"", "\"requires\":[\"redis-cart>=7.2\"]"));
        assertThat(o.get("notes")).isEmpty();
        assertThat(rows(graph("order", "--format", "table").out())).hasSize(12);
    }

    @Test
    void manifestsSplitOverFilesImportAsOneBatchAndTheExportShowsLimits(@TempDir Path own) throws IOException {
        String[] dir = {"--data-dir", own.resolve("data").toString(), "graph"};
        Path deployment = Files.writeString(own.resolve("deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop-web}
                spec:
                  replicas: 2
                  template:
                    metadata: {labels: {app: shop-web}}
                    spec:
                      containers:
                      - name: web
                        env: [{name: API, value: "http://shop-api:8080"}]
                        resources:
                          requests: {cpu: 100m, memory: 64Mi}
                          limits: {cpu: 500m, memory: 256Mi}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop-api}
                spec:
                  template:
                    metadata: {labels: {app: shop-api}}
                    spec:
                      containers: [{name: api}]
                """);
        Path service = Files.writeString(own.resolve("service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: shop-api}
                spec: {selector: {app: shop-api}}
                """);
        Path broken = Files.writeString(own.resolve("broken.yaml"), "apiVersion: v1\nkind: [Service\n");

        CliRunner.Result failed = cli.run(concat(dir, "import", deployment.toString(), broken.toString(),
                service.toString()));
        assertThat(failed.exitCode()).isEqualTo(HeadroomCli.OPERATOR_ERROR);
        assertThat(failed.err()).contains(broken + " line ", "nothing from it was imported");
        assertThat(cli.run(concat(dir, "snapshots")).out()).doesNotContain("imported");

        CliRunner.Result imported = cli.run(concat(dir, "import", deployment.toString(), service.toString()));
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains(deployment + " (kubernetes): 2 services, 1 edges",
                service + " (kubernetes): 0 services, 0 edges").doesNotContain("unresolved");

        JsonNode root = new ObjectMapper().readTree(cli.run(concat(dir, "export", "--format", "json")).out());
        JsonNode web = null;
        for (JsonNode s : root.get("services")) {
            web = s.get("name").asText().equals("shop-web") ? s : web;
        }
        assertThat(web).isNotNull();
        assertThat(web.toString()).isEqualTo("{\"name\":\"shop-web\",\"replicas\":2,"
                + "\"cpu_request_millicores\":100.0,\"memory_request_mib\":64.0,"
                + "\"cpu_limit_millicores\":500.0,\"memory_limit_mib\":256.0}");
        assertThat(root.get("edges")).anySatisfy(e -> assertThat(e.get("evidence").asText())
                .isEqualTo(deployment + ":11 env API"));
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
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
