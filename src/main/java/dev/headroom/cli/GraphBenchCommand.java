package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.graph.imports.GraphBench;
import dev.headroom.graph.imports.GraphBench.TopologyScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench graph}: the manifest and compose importers scored on topologies with known edges. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Import every manifest and compose file of each topology folder and compare the services "
                + "and edges found with its edges.json: precision, recall against all true edges and against those "
                + "visible in the files, and workloads whose replicas or requests differ."},
        footer = {"", "Precision is 1 when no edge is found, and a recall is 1 when there is no edge to find."})
final class GraphBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Folder of topology folders, each with its manifests and an edges.json.")
    Path data;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() {
        List<TopologyScore> scores = GraphBench.standard().run(data);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> Json.print(out, json(scores));
            case csv -> table(scores).printCsv(out);
            case table -> {
                table(scores).printAligned(out);
                for (TopologyScore s : scores) {
                    details(out, s);
                }
            }
            default -> throw new IllegalStateException(format.name());
        }
        out.flush();
        return HeadroomCli.OK;
    }

    private static ObjectNode json(List<TopologyScore> scores) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("topologies");
        for (TopologyScore s : scores) {
            ObjectNode n = array.addObject();
            n.put("name", s.name());
            n.put("services_found", s.servicesFound());
            n.put("edges_found", s.edgesFound());
            n.put("true_edges", s.trueEdges());
            n.put("visible_edges", s.visibleEdges());
            n.put("precision", s.precision());
            n.put("recall", s.recall());
            n.put("recall_visible", s.recallVisible());
            s.replicaMismatches().forEach(n.putArray("replica_mismatches")::add);
            s.requestMismatches().forEach(n.putArray("request_mismatches")::add);
            s.falseEdges().forEach(n.putArray("false_edges")::add);
            s.missedVisible().forEach(n.putArray("missed_visible_edges")::add);
            s.files().forEach(n.putArray("files")::add);
            s.notes().forEach(n.putArray("notes")::add);
        }
        return root;
    }

    private static Table table(List<TopologyScore> scores) {
        Table t = new Table(List.of("TOPOLOGY", "SERVICES", "EDGES", "TRUE_EDGES", "VISIBLE", "PRECISION", "RECALL",
                "RECALL_VISIBLE", "REPLICA_MISMATCHES", "REQUEST_MISMATCHES"),
                false, true, true, true, true, true, true, true, true, true);
        for (TopologyScore s : scores) {
            t.add(List.of(s.name(), String.valueOf(s.servicesFound()), String.valueOf(s.edgesFound()),
                    String.valueOf(s.trueEdges()), String.valueOf(s.visibleEdges()), Numbers.fixed(s.precision(), 3),
                    Numbers.fixed(s.recall(), 3), Numbers.fixed(s.recallVisible(), 3),
                    String.valueOf(s.replicaMismatches().size()), String.valueOf(s.requestMismatches().size())));
        }
        return t;
    }

    /** What an operator needs to act on a score below target: the wrong and the missing. */
    private static void details(PrintWriter out, TopologyScore s) {
        print(out, s.name() + ": false edge", s.falseEdges());
        print(out, s.name() + ": missed visible edge", s.missedVisible());
        print(out, s.name() + ": replicas", s.replicaMismatches());
        print(out, s.name() + ": request", s.requestMismatches());
    }

    private static void print(PrintWriter out, String label, List<String> lines) {
        lines.forEach(l -> out.println(label + " " + l));
    }
}
