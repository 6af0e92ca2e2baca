package dev.headroom.cli;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.engine.Engine;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanJson;
import dev.headroom.plan.Planners;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Proposes capacity-safe update batches for an account or a scenario directory and writes plan.json. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Propose update batches that keep every service's forecast load under its capacity minus the "
                + "safety margin, with surge where headroom is short, and write them as plan.json.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HeadroomCli parent;

    /** Where the fleet comes from: a stored account (default: the sandbox) or a scenario directory. */
    static final class Source {
        @Option(names = "--account", paramLabel = "NAME", description = "Plan for this stored account.")
        String account;

        @Option(names = "--scenario", paramLabel = "DIR", description = "Plan for a scenario directory.")
        Path scenario;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--policy", paramLabel = "FILE", description = "policy.json to plan under (default: the fleet's).")
    Path policy;

    @Option(names = "--solver", defaultValue = "heuristic", paramLabel = "NAME",
            description = "heuristic or cpsat (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--time-limit", defaultValue = "10s", paramLabel = "SPAN",
            description = "Longest the solver may search, e.g. 10s or 2m (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--out", paramLabel = "FILE", description = "Write plan.json here (default: print it).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration limit = limit(timeLimit);
        try (Engine engine = parent.openEngine(err)) {
            PlanningService.Source from = source(engine, source);
            PlanningProblem problem = engine.planning().problem(from, policy(policy, err), ProgressListener.NONE);
            Plan plan = Planners.named(solver, limit).plan(problem);
            String json = PlanJson.write(plan);
            if (out == null) {
                spec.commandLine().getOut().print(json);
                spec.commandLine().getOut().flush();
            } else {
                write(out, json);
            }
            summary(err, plan);
        }
        return HeadroomCli.OK;
    }

    static PlanningService.Source source(Engine engine, Source source) {
        if (source != null && source.scenario != null) {
            return PlanningService.scenario(source.scenario, engine.clock());
        }
        return engine.planning().account(source == null || source.account == null ? engine.defaultAccount()
                : source.account);
    }

    static Optional<Policy> policy(Path file, PrintWriter err) {
        if (file == null) {
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        Policy p = PolicyFile.read(file, notes);
        Notes.print(err, "note: ", notes, "notes");
        return Optional.of(p);
    }

    static Duration limit(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                throw new NumberFormatException(t);
            }
            if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new NumberFormatException(t);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new HeadroomException("--time-limit \"" + text + "\" is not a span between 1 ms and 1 h. Write it as "
                    + "500ms, 10s or 2m.");
        }
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, ".plan", ".json");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HeadroomException("Could not write " + file + ": " + e.getMessage()
                    + ". Choose a writable --out path.", e);
        }
    }

    private static void summary(PrintWriter err, Plan plan) {
        Plan.Summary s = plan.summary();
        err.printf(Locale.ROOT, "%s plan: %d batches, %d hosts, window %d min, surge $%.2f, min headroom %.1f %%, "
                        + "predicted violations %d, unplanned %d%n", plan.solver(), plan.batches().size(),
                plan.plannedHosts(), s.makespanMinutes(), s.surgeCostUsd(), 100 * s.minHeadroomFraction(),
                s.predictedViolations(), plan.unplanned().size());
        Notes.print(err, "note: ", plan.notes(), "notes");
        err.flush();
    }
}
