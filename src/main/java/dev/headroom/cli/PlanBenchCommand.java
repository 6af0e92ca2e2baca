package dev.headroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.Window;
import dev.headroom.engine.Engine;
import dev.headroom.forecast.Forecasters;
import dev.headroom.plan.HeuristicPlanner;
import dev.headroom.plan.Planner;
import dev.headroom.plan.Planners;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;
import dev.headroom.plan.ProblemBuilder;
import dev.headroom.plan.bench.BusyFleet;
import dev.headroom.plan.bench.PlanBench;
import dev.headroom.plan.bench.ReplayBench;
import dev.headroom.plan.bench.SyntheticFleet;
import dev.headroom.plan.bench.TracesScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bench plan}: Headroom's plans and the two baselines replayed against actual load on the
 * sandbox fleet and on a scenario built from real traces.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Plan the sandbox fleet and a fleet built from real load traces with Headroom and with two "
                + "baselines (a fixed 25%% rolling update, seed 001's greedy), replay every plan against the load "
                + "that came, and print violation minutes, window length, surge cost and plan time; then plan time "
                + "and CP-SAT's optimality gap on generated fleets.")
final class PlanBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Traces in the layout of shared/data/traces (default: ../shared/data/traces when present).")
    Path data;

    @Option(names = "--solver", defaultValue = "heuristic", paramLabel = "NAME",
            description = "Headroom's planner: heuristic or cpsat (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--time-limit", defaultValue = "10s", paramLabel = "SPAN", description = "Solver time limit.")
    String timeLimit;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--generated", split = ",", defaultValue = "2000,500", paramLabel = "H,S",
            description = "Generated fleets: the heuristic's plan time on H hosts and CP-SAT's gap on S hosts "
                    + "(default: ${DEFAULT-VALUE}; 0,0 skips them).")
    List<Integer> generated;

    @Option(names = "--seeds", split = ",", defaultValue = "1", paramLabel = "N",
            description = "Seeds of the generated fleets (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--peak-utilisation", defaultValue = "0.9", paramLabel = "U",
            description = "The busy sandbox case scales the sandbox's load so that its busiest service's expected "
                    + "(median forecast) peak is this share of its capacity (default: ${DEFAULT-VALUE}).")
    double peakUtilisation;

    /** One fleet's replay table, with the policy it was planned under. */
    record Case(String fleet, String policy, List<ReplayBench.Row> rows) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Planner headroom = Planners.named(solver, PlanCommand.limit(timeLimit));
        List<Case> cases = new ArrayList<>();
        try (Engine engine = bench.parent.openEngine(err)) {
            PlanningService.Source sandbox = engine.planning().account(engine.defaultAccount());
            Policy base = sandbox.policy();
            Window quiet = ProblemBuilder.window(base, sandbox.at(), Duration.ofMinutes(5));
            Optional<ScheduledEvent> event = nextEvent(sandbox.snapshot().events(), sandbox.at());
            Window busy = event.map(PlanBenchCommand::busyWindow).orElse(quiet);
            Instant until = busy.end().isAfter(quiet.end()) ? busy.end() : quiet.end();
            PlanningService.Source world = engine.planning().accountWithFuture(engine.defaultAccount(), until,
                    ProgressListener.NONE);
            int regions = (int) world.snapshot().hosts().stream().map(h -> h.region()).distinct().count();
            String fleet = "sandbox (" + world.snapshot().hosts().size() + " hosts)";
            for (double fraction : new double[] {0.25, 0.5}) {
                Policy p = policy(base.withWindow(quiet), regions, fraction);
                PlanningProblem problem = engine.planning().problem(world, Optional.of(p), ProgressListener.NONE);
                Map<String, double[]> actual = PlanningService.actual(world, problem).orElseThrow();
                cases.add(new Case(fleet + ", as generated", describe(p),
                        ReplayBench.run(problem, actual, ReplayBench.planners(List.of(headroom)))));
            }
            for (double fraction : new double[] {0.25, 0.5}) {
                Policy p = policy(base.withWindow(busy), regions, fraction);
                PlanningProblem problem = engine.planning().problem(world, Optional.of(p), ProgressListener.NONE);
                Map<String, double[]> actual = PlanningService.actual(world, problem).orElseThrow();
                BusyFleet.Scaled hot = BusyFleet.atPeakUtilisation(problem, actual, peakUtilisation);
                cases.add(new Case(fleet + ", busy: " + event.map(e -> "through the " + e.name() + ", ").orElse("")
                        + "load x" + String.format(Locale.ROOT, "%.2f", hot.factor())
                        + " so its busiest service's expected peak is " + Math.round(100 * peakUtilisation)
                        + " % of capacity", describe(p), ReplayBench.run(hot.problem(), hot.actual(),
                        ReplayBench.planners(List.of(headroom)))));
            }
        }
        Path traces = data != null ? data : Path.of("..", "shared", "data", "traces");
        if (Files.isRegularFile(traces.resolve("series.csv"))) {
            AccountSnapshot s = TracesScenario.read(traces);
            Policy p = s.policy().orElseThrow();
            PlanningProblem problem = ProblemBuilder.build("traces", s, p, p.window().orElseThrow().start(),
                    Forecasters.standard(), ProgressListener.NONE);
            Map<String, double[]> actual = ProblemBuilder.actualLoad(s, problem).orElseThrow();
            cases.add(new Case("traces (" + s.hosts().size() + " hosts, " + s.services().size() + " services)",
                    describe(p), ReplayBench.run(problem, actual, ReplayBench.planners(List.of(headroom)))));
        } else if (data != null) {
            throw new HeadroomException(traces + " has no series.csv. Give --data a directory in the layout of "
                    + "shared/data/traces.");
        }
        print(cases);
        if (format != OutputFormat.json && generated.size() == 2 && generated.get(0) > 0) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Plan time and optimality on generated fleets (" + SyntheticFleet.SERVICES + " services, "
                    + SyntheticFleet.REGIONS.size() + " regions, releases with requirements):");
            PlanBench.run(out, generated.get(0), generated.get(1), PlanCommand.limit(timeLimit),
                    seeds.stream().mapToLong(Long::longValue).toArray());
        }
        return HeadroomCli.OK;
    }

    /** The first scheduled event that starts more than two hours after {@code at}. */
    static Optional<ScheduledEvent> nextEvent(List<ScheduledEvent> events, Instant at) {
        return events.stream().filter(e -> e.start().isAfter(at.plus(Duration.ofHours(2))))
                .min(java.util.Comparator.comparing(ScheduledEvent::start));
    }

    /** Six hours from the event's start (on the five-minute grid): an update that has to run through its load. */
    static Window busyWindow(ScheduledEvent event) {
        long step = Duration.ofMinutes(5).toSeconds();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(event.start().getEpochSecond(), step) * step);
        return new Window(start, start.plus(Duration.ofHours(6)));
    }

    private static Policy policy(Policy p, int regions, double fraction) {
        return new Policy(p.window(), p.safetyMargin(), p.criticalityWeight(), p.capacityWeight(), fraction, regions,
                p.minHealthyFraction(), p.rollbackThreshold(), p.stabilizationMinutes(), p.spotAllowed(), p.budgetUsd(),
                p.forecastQuantile());
    }

    private static String describe(Policy p) {
        return String.format(Locale.ROOT, "window %s–%s, safety margin %.2f, max batch fraction %.2f, regions %d, "
                        + "quantile %.2f", p.window().map(w -> w.start().toString()).orElse("default"),
                p.window().map(w -> w.end().toString()).orElse(""), p.safetyMargin(), p.maxBatchFraction(),
                p.maxConcurrentRegions(), p.forecastQuantile());
    }

    private void print(List<Case> cases) {
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Case c : cases) {
                ObjectNode o = list.addObject();
                o.put("fleet", c.fleet());
                o.put("policy", c.policy());
                ArrayNode rows = o.putArray("replays");
                for (ReplayBench.Row r : c.rows()) {
                    ObjectNode x = rows.addObject();
                    x.put("planner", r.replay().planner());
                    x.put("window_minutes", r.replay().windowMinutes());
                    x.put("violation_minutes", r.replay().violationMinutes());
                    x.put("plan_caused_violation_minutes", r.replay().planCausedMinutes());
                    Json.putNumber(x, "worst_short_cores", r.replay().worstShortCores());
                    Json.putNumber(x, "short_core_hours", r.replay().shortCoreHours());
                    Json.putNumber(x, "surge_cost_usd", r.replay().surgeCostUsd());
                    x.put("predicted_violations", r.predictedViolations());
                    x.put("unplanned", r.replay().unplanned());
                    Json.putNumber(x, "plan_ms", r.planMillis());
                }
            }
            ObjectNode root = Json.object();
            root.set("cases", list);
            Json.print(out, root);
        } else {
            for (Case c : cases) {
                out.println(c.fleet() + " — " + c.policy());
                Table t = new Table(List.of("planner", "window min", "violation min", "worst short cores",
                        "short core-h", "surge $", "predicted violations", "unplanned", "plan ms"),
                        false, true, true, true, true, true, true, true, true);
                for (ReplayBench.Row r : c.rows()) {
                    t.add(List.of(r.replay().planner(), Long.toString(r.replay().windowMinutes()),
                            Long.toString(r.replay().violationMinutes()),
                            String.format(Locale.ROOT, "%.2f", r.replay().worstShortCores()),
                            String.format(Locale.ROOT, "%.2f", r.replay().shortCoreHours()),
                            String.format(Locale.ROOT, "%.2f", r.replay().surgeCostUsd()),
                            Integer.toString(r.predictedViolations()), Integer.toString(r.replay().unplanned()),
                            String.format(Locale.ROOT, "%.1f", r.planMillis())));
                }
                t.printAligned(out);
                out.println();
            }
        }
        out.flush();
    }
}
