package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.ProgressListener;
import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What-if scenarios: named policies with their plans, compared side by side. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "What-if scenarios: plan a policy under a name, clone, rename, delete, and compare side by side.",
        subcommands = {ScenariosCommand.ListScenarios.class, ScenariosCommand.PlanScenario.class,
            ScenariosCommand.Clone.class, ScenariosCommand.Rename.class, ScenariosCommand.Delete.class,
            ScenariosCommand.Compare.class, ScenariosCommand.Show.class})
final class ScenariosCommand extends AccountCommandGroup {

    static void print(PrintWriter out, List<ScenarioComparison.Row> rows, OutputFormat format) {
        if (format == OutputFormat.json) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (ScenarioComparison.Row r : rows) {
                ObjectNode o = list.addObject();
                o.put("scenario", r.scenario());
                o.put("solver", r.solver());
                o.put("window_minutes", r.windowMinutes());
                Json.putNumber(o, "surge_cost_usd", r.surgeCostUsd());
                Json.putNumber(o, "min_headroom_fraction", r.minHeadroomFraction());
                o.put("batches", r.batches());
                Json.putNumber(o, "risk", r.risk());
                o.put("window_fits", r.windowFits());
                o.put("predicted_violations", r.predictedViolations());
                o.put("unplanned", r.unplanned());
                Json.putNumber(o, "objective", r.objective());
            }
            ObjectNode root = Json.object();
            root.set("scenarios", list);
            Json.print(out, root);
        } else {
            Table t = new Table(List.of("scenario", "solver", "window min", "surge $", "min headroom %", "batches",
                    "risk", "fits window", "predicted violations", "unplanned"),
                    false, false, true, true, true, true, true, false, true, true);
            for (ScenarioComparison.Row r : rows) {
                t.add(List.of(r.scenario(), r.solver(), Long.toString(r.windowMinutes()),
                        String.format(Locale.ROOT, "%.2f", r.surgeCostUsd()),
                        String.format(Locale.ROOT, "%.1f", 100 * r.minHeadroomFraction()), Integer.toString(r.batches()),
                        String.format(Locale.ROOT, "%.3f", r.risk()), r.windowFits() ? "yes" : "no",
                        Integer.toString(r.predictedViolations()), Integer.toString(r.unplanned())));
            }
            if (format == OutputFormat.csv) {
                t.printCsv(out);
            } else {
                t.printAligned(out);
            }
        }
        out.flush();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The account's scenarios with their figures.")
    static final class ListScenarios implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--format", defaultValue = "table", description = "table, json or csv.")
        OutputFormat format;

        @Override
        public void run() {
            List<ScenarioComparison.Row> rows = parent.withEngine(spec.commandLine().getErr(), e ->
                    e.planScenarios().list(parent.account(e)).stream().filter(s -> s.planJson().isPresent())
                            .map(ScenarioComparison::row).toList());
            print(spec.commandLine().getOut(), rows, format);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Plan a policy (or the scenario's own policy) and store it as scenario NAME.")
    static final class PlanScenario implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--policy", paramLabel = "FILE", description = "policy.json (default: the scenario's, else the fleet's).")
        Path policy;
        @Option(names = "--solver", defaultValue = "heuristic", description = "heuristic or cpsat.")
        String solver;
        @Option(names = "--time-limit", defaultValue = "10s", description = "Solver time limit.")
        String timeLimit;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            SavedScenario s = parent.withEngine(err, e -> e.planScenarios().plan(parent.account(e), name,
                    PlanCommand.policy(policy, err), solver, PlanCommand.limit(timeLimit), ProgressListener.NONE));
            print(spec.commandLine().getOut(), List.of(ScenarioComparison.row(s)), OutputFormat.table);
        }
    }

    @Command(name = "clone", mixinStandardHelpOptions = true, description = "Copy scenario FROM to a new name TO.")
    static final class Clone implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FROM")
        String from;
        @Parameters(index = "1", paramLabel = "TO")
        String to;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> e.planScenarios().copy(parent.account(e), from, to));
            spec.commandLine().getOut().println("Cloned " + from + " to " + to + ".");
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename scenario FROM to TO.")
    static final class Rename implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FROM")
        String from;
        @Parameters(index = "1", paramLabel = "TO")
        String to;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                e.planScenarios().rename(parent.account(e), from, to);
                return null;
            });
            spec.commandLine().getOut().println("Renamed " + from + " to " + to + ".");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete scenario NAME.")
    static final class Delete implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                e.planScenarios().delete(parent.account(e), name);
                return null;
            });
            spec.commandLine().getOut().println("Deleted " + name + ".");
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, description = "Two or more scenarios side by side.")
    static final class Compare implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "2..*")
        List<String> names;
        @Option(names = "--format", defaultValue = "table", description = "table, json or csv.")
        OutputFormat format;

        @Override
        public void run() {
            List<ScenarioComparison.Row> rows = parent.withEngine(spec.commandLine().getErr(),
                    e -> e.planScenarios().compare(parent.account(e), names));
            print(spec.commandLine().getOut(), rows, format);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print scenario NAME's plan.json.")
    static final class Show implements Runnable {
        @ParentCommand
        ScenariosCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            SavedScenario s = parent.withEngine(spec.commandLine().getErr(), e -> e.planScenarios().get(parent.account(e),
                    name));
            spec.commandLine().getOut().print(s.planJson().orElse("{}\n"));
            spec.commandLine().getOut().flush();
        }
    }
}
