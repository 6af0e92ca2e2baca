package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.Host;
import dev.headroom.engine.Engine;
import dev.headroom.fleet.FleetOverview;
import dev.headroom.fleet.FleetSummary;
import dev.headroom.fleet.HostStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Lists an account's hosts with their current load. The output names no account, so that the
 * same fleet under two names (an export imported elsewhere) prints identically.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "List the hosts of an account with their current load.")
final class FleetCommand implements Callable<Integer> {
    @ParentCommand
    HeadroomCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--account", paramLabel = "NAME", description = "Account to list (default: the sandbox).")
    String account;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = parent.openEngine(spec.commandLine().getErr())) {
            FleetOverview overview = engine.fleet().overview(account != null ? account : engine.defaultAccount());
            switch (format) {
                case json -> Json.print(out, json(overview));
                case csv -> table(overview).printCsv(out);
                case table -> {
                    FleetSummary s = overview.summary();
                    out.printf("%d hosts, %d services, %d regions / %d zones, %s cores, %s GiB, $%s/h; "
                                    + "load at %s: cpu %s%%, memory %s%%%n%n",
                            s.hosts(), s.services(), s.regions(), s.zones(), Numbers.fixed(s.cpuCores(), 0),
                            Numbers.fixed(s.memoryGib(), 0), Numbers.fixed(s.hourlyCostUsd(), 2), overview.at(),
                            Numbers.orDash(s.cpuLoadPercent(), 1), Numbers.orDash(s.memoryLoadPercent(), 1));
                    table(overview).printAligned(out);
                }
                default -> throw new IllegalStateException(format.name());
            }
            return HeadroomCli.OK;
        }
    }

    private static Table table(FleetOverview overview) {
        Table table = new Table(List.of("HOST", "SERVICE", "REGION", "ZONE", "INSTANCE_TYPE", "VERSION",
                "CRITICALITY", "CPU_CORES", "MEMORY_GIB", "CPU_PCT", "MEMORY_PCT", "HOURLY_COST_USD"),
                false, false, false, false, false, false, false, true, true, true, true, true);
        for (HostStatus r : overview.hosts()) {
            Host h = r.host();
            table.add(List.of(h.id(), String.join(";", h.services()), h.region(), h.zone(), h.instanceType(),
                    h.version(), h.criticality().label(), Numbers.fixed(h.capacity().cpuCores(), 1),
                    Numbers.fixed(h.capacity().memoryGib(), 1), Numbers.fixed(r.cpuPercent(), 2),
                    Numbers.fixed(r.memoryPercent(), 2), Numbers.fixed(h.hourlyCostUsd(), 4)));
        }
        return table;
    }

    private static ObjectNode json(FleetOverview overview) {
        ObjectNode root = Json.object();
        root.put("at", overview.at().toString());
        FleetSummary s = overview.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("hosts", s.hosts());
        summary.put("services", s.services());
        summary.put("regions", s.regions());
        summary.put("zones", s.zones());
        summary.put("cpu_cores", s.cpuCores());
        summary.put("memory_gib", s.memoryGib());
        // a sum of prices carries binary noise (45.29370000000004); cents of a cent are enough
        summary.put("hourly_cost_usd", Math.round(s.hourlyCostUsd() * 1e4) / 1e4);
        Json.putNumber(summary, "cpu_load_percent", s.cpuLoadPercent());
        Json.putNumber(summary, "memory_load_percent", s.memoryLoadPercent());
        ArrayNode hosts = root.putArray("hosts");
        for (HostStatus r : overview.hosts()) {
            Host h = r.host();
            ObjectNode n = hosts.addObject();
            n.put("id", h.id());
            ArrayNode services = n.putArray("services");
            h.services().forEach(services::add);
            n.put("region", h.region());
            n.put("zone", h.zone());
            n.put("instance_type", h.instanceType());
            n.put("version", h.version());
            n.put("criticality", h.criticality().label());
            n.put("role", h.role());
            n.put("cpu_cores", h.capacity().cpuCores());
            n.put("memory_gib", h.capacity().memoryGib());
            n.put("hourly_cost_usd", h.hourlyCostUsd());
            Json.putNumber(n, "cpu_percent", r.cpuPercent());
            Json.putNumber(n, "memory_percent", r.memoryPercent());
        }
        return root;
    }
}
