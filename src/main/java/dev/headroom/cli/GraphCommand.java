package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.Release;
import dev.headroom.engine.Engine;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphAnalysis;
import dev.headroom.graph.GraphEdge;
import dev.headroom.graph.GraphImporters;
import dev.headroom.graph.GraphService;
import dev.headroom.graph.GraphSnapshot;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The dependency graph of an account: import sources, edit, export, and ask impact and order questions. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Import, edit, export and analyse an account's service dependency graph.",
        subcommands = {GraphCommand.Import.class, GraphCommand.Export.class, GraphCommand.Impact.class,
            GraphCommand.Order.class, GraphCommand.Blast.class, GraphCommand.Edit.class,
            GraphCommand.CriticalityCommand.class, GraphCommand.Snapshots.class},
        footer = {"", "An edge FROM -> TO means FROM calls TO. Without --account, commands use the sandbox."})
final class GraphCommand implements Runnable {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared by the subcommands: the account option and opening the engine. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        GraphCommand graph;

        @Spec
        CommandSpec spec;

        @Option(names = "--account", paramLabel = "NAME", description = "Account (default: the sandbox).")
        String account;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try (Engine engine = graph.parent.openEngine(spec.commandLine().getErr())) {
                run(engine.graph(), account != null ? account : engine.defaultAccount(), engine);
                out().flush();
                return HeadroomCli.OK;
            }
        }

        abstract void run(GraphService graphs, String account, Engine engine);
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Read dependency sources into the account's graph. The files are one batch: Kubernetes",
                "manifests resolve Services and ConfigMaps across them, and a bad file imports nothing of it."})
    static final class Import extends Sub {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import together.")
        List<Path> files;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            GraphService.ImportResult r = graphs.importFiles(account, files, GraphImporters.all());
            for (GraphService.ImportedFile f : r.files()) {
                out().printf("%s (%s): %d services, %d edges%n", f.file(), f.importer(), f.read().services().size(),
                        f.read().edges().size());
                f.read().notes().forEach(n -> out().println("  note: " + n));
            }
            out().printf("Graph of account %s: %d services, %d edges (snapshot %d)%n", account,
                    r.graph().services().size(), r.graph().edgeCount(), r.snapshot().id());
        }
    }

    enum ExportFormat { json, dot }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print the graph as dependencies.json (with evidence) or as Graphviz DOT.")
    static final class Export extends Sub {
        @Option(names = "--format", defaultValue = "json", description = "json or dot (default: ${DEFAULT-VALUE}).")
        ExportFormat format;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            DependencyGraph g = graphs.graph(account);
            if (format == ExportFormat.dot) {
                dot(g, account);
            } else {
                Json.print(out(), json(g, graphs.discoveredServices(account)));
            }
        }

        private void dot(DependencyGraph g, String account) {
            PrintWriter out = out();
            out.println("digraph \"" + account + "\" {");
            for (String s : g.services()) {
                out.println("  \"" + s + "\";");
            }
            for (GraphEdge e : g.edges()) {
                // an operator's edge is dashed so that it stands out from what the sources say
                out.println("  \"" + e.from() + "\" -> \"" + e.to() + "\" [label=\"" + Numbers.fixed(e.weight(), 1)
                        + "\"" + (e.byOperator() ? ", style=dashed" : "") + "];");
            }
            out.println("}");
        }

        /**
         * The dependencies.json shape; a service also carries the replicas, requests and limits its
         * sources declare (fields left out when none does), which that importer ignores on the way back.
         */
        private static ObjectNode json(DependencyGraph g, Map<String, DiscoveredService> discovered) {
            ObjectNode root = Json.object();
            ArrayNode services = root.putArray("services");
            for (String s : g.services()) {
                ObjectNode n = services.addObject();
                n.put("name", s);
                g.criticality(s).ifPresent(c -> n.put("criticality", c.label()));
                DiscoveredService d = discovered.get(s);
                if (d != null) {
                    d.replicas().ifPresent(r -> n.put("replicas", r));
                    d.cpuRequestMillicores().ifPresent(v -> n.put("cpu_request_millicores", v));
                    d.memoryRequestMib().ifPresent(v -> n.put("memory_request_mib", v));
                    d.cpuLimitMillicores().ifPresent(v -> n.put("cpu_limit_millicores", v));
                    d.memoryLimitMib().ifPresent(v -> n.put("memory_limit_mib", v));
                }
            }
            ArrayNode edges = root.putArray("edges");
            for (GraphEdge e : g.edges()) {
                ObjectNode n = edges.addObject();
                n.put("from", e.from());
                n.put("to", e.to());
                n.put("weight", e.weight());
                n.put("evidence", String.join("; ", e.evidence()));
            }
            return root;
        }
    }

    @Command(name = "impact", mixinStandardHelpOptions = true,
            description = "List the services impacted by a release of SERVICE: its callers, their callers, …")
    static final class Impact extends Sub {
        @Parameters(paramLabel = "SERVICE")
        String service;

        @Option(names = "--format", defaultValue = "table", description = FORMATS)
        OutputFormat format;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            List<GraphAnalysis.Impacted> impacted = graphs.analysis(account).impact(service);
            switch (format) {
                case json -> {
                    ObjectNode root = Json.object();
                    root.put("service", service);
                    putImpacted(root, impacted);
                    Json.print(out(), root);
                }
                case csv -> impactedTable(impacted).printCsv(out());
                case table -> {
                    out().printf("A release of %s impacts %d services.%n", service, impacted.size());
                    impactedTable(impacted).printAligned(out());
                }
                default -> throw new IllegalStateException(format.name());
            }
        }
    }

    @Command(name = "blast", mixinStandardHelpOptions = true,
            description = "List the services that lose a dependency when services or a host are taken out.")
    static final class Blast extends Sub {
        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Services taken out.")
            List<String> services;

            @Option(names = "--host", paramLabel = "HOST",
                    description = "Take out a host: every service with a replica on it counts as out.")
            String host;
        }

        @Option(names = "--format", defaultValue = "table", description = FORMATS)
        OutputFormat format;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            List<GraphAnalysis.Impacted> impacted = target.host != null
                    ? graphs.blastRadiusOfHost(account, target.host)
                    : graphs.analysis(account).blastRadius(target.services);
            switch (format) {
                case json -> {
                    ObjectNode root = Json.object();
                    if (target.host != null) {
                        root.put("host", target.host);
                    } else {
                        target.services.forEach(root.putArray("services")::add);
                    }
                    putImpacted(root, impacted);
                    Json.print(out(), root);
                }
                case csv -> impactedTable(impacted).printCsv(out());
                case table -> {
                    out().printf("Taking out %s leaves %d services without a dependency.%n", target.host != null
                            ? "host " + target.host : String.join(", ", target.services), impacted.size());
                    impactedTable(impacted).printAligned(out());
                }
                default -> throw new IllegalStateException(format.name());
            }
        }
    }

    private static final String FORMATS = "table, json or csv (default: ${DEFAULT-VALUE}).";

    private static Table impactedTable(List<GraphAnalysis.Impacted> impacted) {
        Table table = new Table(List.of("SERVICE", "DEPTH", "CALLS"), false, true, false);
        impacted.forEach(i -> table.add(List.of(i.service(), String.valueOf(i.depth()), i.via())));
        return table;
    }

    /** {@code "impacted": [{"service", "depth", "via"}]}, nearest first; via is the service it calls one step closer. */
    private static void putImpacted(ObjectNode root, List<GraphAnalysis.Impacted> impacted) {
        ArrayNode array = root.putArray("impacted");
        for (GraphAnalysis.Impacted i : impacted) {
            ObjectNode n = array.addObject();
            n.put("service", i.service());
            n.put("depth", i.depth());
            n.put("via", i.via());
        }
    }

    @Command(name = "order", mixinStandardHelpOptions = true,
            description = {"Print the update order: callees before their callers, a release after what it requires,",
                "a breaking release before its dependants; a cycle is one step, named."})
    static final class Order extends Sub {
        @Option(names = "--format", defaultValue = "table", description = FORMATS)
        OutputFormat format;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            GraphAnalysis.UpdateOrder order = graphs.updateOrder(account);
            Map<String, Release> releases = engine.store().load(account, false).map(AccountSnapshot::releases)
                    .orElse(List.of()).stream().collect(Collectors.toMap(Release::service, Function.identity(),
                            (a, b) -> a));
            switch (format) {
                case json -> Json.print(out(), json(order, releases));
                case csv -> {
                    table(order, releases).printCsv(out());
                    // notes would break the CSV; they go where the operator still sees them
                    order.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
                }
                case table -> {
                    table(order, releases).printAligned(out());
                    order.notes().forEach(n -> out().println("note: " + n));
                }
                default -> throw new IllegalStateException(format.name());
            }
        }

        private static Table table(GraphAnalysis.UpdateOrder order, Map<String, Release> releases) {
            Table table = new Table(List.of("STEP", "SERVICE", "RELEASE", "UNIT"), true, false, false, false);
            for (GraphAnalysis.Step s : order.steps()) {
                for (String service : s.services()) {
                    Release r = releases.get(service);
                    String release = r == null ? "" : r.version() + (r.breaking() ? " (breaking)" : "")
                            + (r.requires().isEmpty() ? "" : " requires " + String.join(", ", r.requires()));
                    table.add(List.of(String.valueOf(s.position()), service, release, s.cycle().orElse("")));
                }
            }
            return table;
        }

        /**
         * {@code {"steps": [{"step", "services", "cycle", "releases"}], "notes"}}: cycle is null for a
         * single service; releases are the pending releases of the step's services.
         */
        private static ObjectNode json(GraphAnalysis.UpdateOrder order, Map<String, Release> releases) {
            ObjectNode root = Json.object();
            ArrayNode steps = root.putArray("steps");
            for (GraphAnalysis.Step s : order.steps()) {
                ObjectNode step = steps.addObject();
                step.put("step", s.position());
                s.services().forEach(step.putArray("services")::add);
                step.put("cycle", s.cycle().orElse(null));
                ArrayNode pending = step.putArray("releases");
                for (String service : s.services()) {
                    Release r = releases.get(service);
                    if (r != null) {
                        ObjectNode n = pending.addObject();
                        n.put("service", service);
                        n.put("version", r.version());
                        n.put("breaking", r.breaking());
                        r.requires().forEach(n.putArray("requires")::add);
                    }
                }
            }
            order.notes().forEach(root.putArray("notes")::add);
            return root;
        }
    }

    enum EditAction { add, remove, reweight }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = {"Add, remove or reweight the edge FROM -> TO. Edits are kept apart from imports and",
                "applied after each of them: a removed edge stays removed, an added one stays."})
    static final class Edit extends Sub {
        @Parameters(index = "0", paramLabel = "ACTION", description = "add, remove or reweight.")
        EditAction action;

        @Parameters(index = "1", paramLabel = "FROM")
        String from;

        @Parameters(index = "2", paramLabel = "TO")
        String to;

        @Parameters(index = "3", paramLabel = "WEIGHT", arity = "0..1",
                description = "Calls or bytes per second; required for reweight, optional for add (default 0).")
        Double weight;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            GraphSnapshot s = switch (action) {
                case add -> graphs.addEdge(account, from, to, weight == null ? 0 : weight);
                case remove -> {
                    if (weight != null) {
                        throw new ParameterException(spec.commandLine(), "remove takes no WEIGHT");
                    }
                    yield graphs.removeEdge(account, from, to);
                }
                case reweight -> {
                    if (weight == null) {
                        throw new ParameterException(spec.commandLine(), "reweight needs a WEIGHT");
                    }
                    yield graphs.reweight(account, from, to, weight);
                }
            };
            out().printf("%s; graph of account %s: %d services, %d edges (snapshot %d)%n", s.reason(), account,
                    s.services(), s.edges(), s.id());
        }
    }

    @Command(name = "criticality", mixinStandardHelpOptions = true,
            description = {"With SERVICE and LEVEL, set the service's criticality (low, medium, high, critical).",
                "Without, list own and propagated criticality (decay " + GraphAnalysis.DECAY + " per caller), "
                        + "fan-in and betweenness centrality."})
    static final class CriticalityCommand extends Sub {
        @Parameters(paramLabel = "SERVICE LEVEL", arity = "0..2")
        List<String> args;

        @Override
        void run(GraphService graphs, String account, Engine engine) {
            List<String> given = args == null ? List.of() : args;
            if (given.size() == 1) {
                throw new ParameterException(spec.commandLine(), "give both SERVICE and LEVEL, or neither");
            }
            if (given.size() == 2) {
                Criticality level;
                try {
                    level = Criticality.parse("LEVEL", given.get(1));
                } catch (DomainException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                GraphSnapshot s = graphs.setCriticality(account, given.get(0), level);
                out().printf("%s (snapshot %d)%n", s.reason(), s.id());
                return;
            }
            Table table = new Table(List.of("SERVICE", "OWN", "PROPAGATED", "FROM", "FAN_IN", "DEPENDANTS",
                    "BETWEENNESS"), false, false, true, false, true, true, true);
            for (GraphAnalysis.CriticalityScore c : graphs.analysis(account).criticality()) {
                table.add(List.of(c.service(), c.own().map(Criticality::label).orElse("-"),
                        Numbers.fixed(c.propagated(), 3), c.origin(), String.valueOf(c.fanIn()),
                        String.valueOf(c.dependants()), Numbers.fixed(c.betweenness(), 3)));
            }
            table.printAligned(out());
        }
    }

    @Command(name = "snapshots", mixinStandardHelpOptions = true,
            description = "List the stored snapshots of the graph: when, how big, and what made each.")
    static final class Snapshots extends Sub {
        @Override
        void run(GraphService graphs, String account, Engine engine) {
            Table table = new Table(List.of("ID", "TAKEN_AT", "SERVICES", "EDGES", "REASON"),
                    true, false, true, true, false);
            for (GraphSnapshot s : graphs.snapshots(account)) {
                table.add(List.of(String.valueOf(s.id()), s.takenAt().toString(), String.valueOf(s.services()),
                        String.valueOf(s.edges()), s.reason()));
            }
            table.printAligned(out());
        }
    }
}
