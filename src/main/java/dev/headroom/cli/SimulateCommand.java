package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.engine.Engine;
import dev.headroom.plan.Baselines;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanJson;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;
import dev.headroom.plan.Replay;
import dev.headroom.scenario.PolicyFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Replays a plan against actual load, next to the two baselines on the same fleet. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replay plan.json against the load that actually came (the sandbox's generated future, or a "
                + "scenario's metrics after the window start), next to a fixed 25%% rolling update and seed 001's "
                + "greedy batches, and print violation minutes and depth, window length and surge cost.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HeadroomCli parent;

    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "plan.json written by \"plan --out\".")
    Path plan;

    @ArgGroup(exclusive = true)
    PlanCommand.Source source;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(plan)) {
            throw new HeadroomException("No file " + plan + ". Write one with \"headroom plan --out " + plan + "\".");
        }
        PrintWriter err = spec.commandLine().getErr();
        Policy policy = PolicyFile.readFromPlan(plan);
        String json;
        try {
            json = Files.readString(plan);
        } catch (IOException e) {
            throw new HeadroomException("Could not read " + plan + ": " + e.getMessage() + ".", e);
        }
        try (Engine engine = parent.openEngine(err)) {
            PlanningService.Source from = future(engine, policy);
            PlanningProblem problem = engine.planning().problem(from, Optional.of(policy), ProgressListener.NONE);
            Map<String, double[]> actual = PlanningService.actual(from, problem).orElseThrow(() -> new HeadroomException(
                    "No actual load is known for the window " + problem.start() + " to " + problem.end() + " of "
                            + from.name() + ". Replay needs the sandbox, or a scenario whose metrics run past the "
                            + "window's end."));
            Plan given = PlanJson.read(json, String.valueOf(plan.getFileName()), problem);
            List<Replay.Result> results = new ArrayList<>();
            results.add(Replay.run(problem, given, actual));
            results.add(Replay.run(problem, Baselines.rolling(0.25).plan(problem), actual));
            results.add(Replay.run(problem, Baselines.rollingInReleaseOrder(0.25).plan(problem), actual));
            results.add(Replay.run(problem, Baselines.seed001Greedy().plan(problem), actual));
            print(results);
        }
        return HeadroomCli.OK;
    }

    private PlanningService.Source future(Engine engine, Policy policy) {
        if (source != null && source.scenario != null) {
            return PlanningService.scenario(source.scenario, engine.clock());
        }
        String account = source == null || source.account == null ? engine.defaultAccount() : source.account;
        return engine.planning().accountWithFuture(account, policy.window().orElseThrow(() -> new HeadroomException(
                plan + " has no policy.window. Write the plan with \"headroom plan --out\".")).end(),
                ProgressListener.NONE);
    }

    void print(List<Replay.Result> results) {
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Replay.Result r : results) {
                ObjectNode o = list.addObject();
                o.put("planner", r.planner());
                o.put("window_minutes", r.windowMinutes());
                o.put("violation_minutes", r.violationMinutes());
                o.put("plan_caused_violation_minutes", r.planCausedMinutes());
                Json.putNumber(o, "worst_short_cores", r.worstShortCores());
                Json.putNumber(o, "short_core_hours", r.shortCoreHours());
                Json.putNumber(o, "surge_cost_usd", r.surgeCostUsd());
                o.put("unplanned", r.unplanned());
            }
            ObjectNode root = Json.object();
            root.set("replays", list);
            Json.print(out, root);
        } else {
            Table t = new Table(List.of("planner", "window min", "violation min", "plan-caused min", "worst short cores",
                    "short core-h", "surge $", "unplanned"), false, true, true, true, true, true, true, true);
            for (Replay.Result r : results) {
                t.add(List.of(r.planner(), Long.toString(r.windowMinutes()), Long.toString(r.violationMinutes()),
                        Long.toString(r.planCausedMinutes()), String.format(Locale.ROOT, "%.2f", r.worstShortCores()),
                        String.format(Locale.ROOT, "%.2f", r.shortCoreHours()),
                        String.format(Locale.ROOT, "%.2f", r.surgeCostUsd()), Integer.toString(r.unplanned())));
            }
            if (format == OutputFormat.csv) {
                t.printCsv(out);
            } else {
                t.printAligned(out);
            }
        }
        out.flush();
    }
}
