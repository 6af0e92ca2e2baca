package dev.headroom.cli;

import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.Engine;
import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.RolloutSettings;
import dev.headroom.rollout.RolloutStep;
import dev.headroom.rollout.StepState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The rollout commands that launch and steer rollouts; each drives in this process until it stops. */
final class RolloutControls {

    private RolloutControls() {
    }

    abstract static class Base implements Runnable {
        @ParentCommand
        RolloutCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--speed", paramLabel = "N", defaultValue = "3600",
                description = {"At launch: seconds of plan time (the fleet's time) per real second, stored with the "
                    + "rollout (default: ${DEFAULT-VALUE}, an hour per second).",
                    "Other commands drive a rollout at the speed it was launched with and ignore it."})
        double speed;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void drive(Engine e, RolloutService rollouts, String id) {
            PrintWriter out = out();
            Rollout end = rollouts.drive(id, line -> {
                out.println(line);
                out.flush();
            });
            printSummary(out, end, rollouts.steps(id));
        }
    }

    static void printSummary(PrintWriter out, Rollout r, List<RolloutStep> steps) {
        Map<StepState, Integer> counts = new EnumMap<>(StepState.class);
        steps.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(v).append(' ').append(k.label()));
        out.println("Rollout " + r.id() + " of scenario " + r.scenario() + " (account " + r.account() + "): "
                + r.status().label() + " — " + b + " of " + steps.size() + " steps; " + r.detail() + ".");
        out.flush();
    }

    /**
     * Asks the operator on the terminal before a destructive command. Without a terminal (input or
     * output redirected, a script) there is no one to ask: the command needs {@code --yes}.
     *
     * @return whether to go on
     */
    static boolean confirm(PrintWriter out, boolean yes, String what, String command) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            throw new HeadroomException("\"headroom " + command + "\" " + what + " and asks for confirmation first, "
                    + "but there is no terminal to ask on (input or output is redirected); nothing was done. "
                    + "Confirm on the command line: headroom " + command + " --yes");
        }
        String answer = console.readLine("This %s. Go on? Type yes to confirm: ", what);
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            return true;
        }
        out.println("Not confirmed; nothing was done.");
        out.flush();
        return false;
    }

    @Command(name = "launch", mixinStandardHelpOptions = true,
            description = {"Launch scenario SCENARIO's approved plan and drive it to the end in this process.",
                "Refused unless the plan and policy are exactly as approved. If the process stops, "
                    + "\"headroom rollout run\" picks the rollout up where it was."})
    static final class Launch extends Base {
        @Parameters(paramLabel = "SCENARIO")
        String scenario;
        @Option(names = "--version", paramLabel = "VERSION",
                description = "The version every host goes to (default: the release of each host's service).")
        String version;
        @Option(names = "--shadow", paramLabel = "SERVICE=MINUTES[,...]",
                description = {"Shadow mode for these services: after its update each of their hosts runs the new "
                    + "version beside the old for MINUTES of plan time, then switches if its error rate and health "
                    + "hold, or is rolled back (an alert says why)."})
        String shadow;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                Rollout r = rollouts.launch(parent.account(e), scenario, Optional.ofNullable(version), e.operator(),
                        new RolloutService.LaunchOptions(speed, RolloutSettings.parseShadow(shadow)));
                out().println("Launched rollout " + r.id() + " of scenario " + scenario + " (approval "
                        + r.approvalId() + ").");
                drive(e, rollouts, r.id());
                return null;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The account's rollouts, or one rollout's steps with their state.")
    static final class Status extends Base {
        @Parameters(paramLabel = "ID", arity = "0..1")
        String id;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                PrintWriter out = out();
                if (id == null) {
                    List<Rollout> list = rollouts.rollouts(parent.account(e));
                    if (list.isEmpty()) {
                        out.println("No rollouts yet. Launch one with: headroom rollout launch SCENARIO");
                    }
                    for (Rollout r : list) {
                        printSummary(out, r, rollouts.steps(r.id()));
                    }
                    out.flush();
                    return null;
                }
                Rollout r = rollouts.rollout(id);
                List<RolloutStep> steps = rollouts.steps(id);
                Table t = new Table(List.of("seq", "batch", "kind", "subject", "state", "attempts", "result"),
                        true, true, false, false, false, true, false);
                for (RolloutStep s : steps) {
                    t.add(List.of(Integer.toString(s.seq()), Integer.toString(s.batch()), s.kind().label(),
                            s.subject(), s.state().label(), Integer.toString(s.attempts()), s.result().orElse("")));
                }
                t.printAligned(out);
                printSummary(out, r, steps);
                return null;
            });
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause rollout ID before its next step (the step in flight finishes).")
    static final class Pause extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                Rollout r = e.rollouts(speed).pause(id, e.operator());
                out().println("Paused rollout " + r.id() + ". Resume it with: headroom rollout resume " + r.id());
                out().flush();
                return null;
            });
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused or failed rollout ID (a failed step is retried) and drive it here.")
    static final class Resume extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                rollouts.resume(id, e.operator());
                drive(e, rollouts, id);
                return null;
            });
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = {"Abort rollout ID: release every reservation and put the current batch's updated hosts "
                + "back on their previous version, lowest capacity first. Earlier batches keep the new version.",
                "Asks for confirmation on a terminal; without one (a script) it needs --yes."})
    static final class Abort extends Base {
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = {"-y", "--yes"}, description = "Confirm without asking (needed when there is no terminal).")
        boolean yes;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                Rollout r = rollouts.rollout(id);
                // a rollout that cannot be aborted is refused before anyone is asked
                if (!r.status().finished() && r.status() != RolloutStatus.ABORTING && !confirm(out(), yes,
                        "aborts rollout " + id + " (its current batch is rolled back)", "rollout abort " + id)) {
                    return null;
                }
                rollouts.abort(id, e.operator());
                drive(e, rollouts, id);
                return null;
            });
        }
    }

    @Command(name = "rollback-batch", mixinStandardHelpOptions = true,
            description = {"Roll batch BATCH of rollout ID back: its updated hosts go back to their previous version, "
                + "lowest capacity first, and the rollout pauses. The current batch is queued again (resume runs it "
                + "again); an earlier batch is only rolled back. Driven here until the rollout pauses.",
                "Asks for confirmation on a terminal; without one (a script) it needs --yes."})
    static final class RollbackBatch extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Parameters(index = "1", paramLabel = "BATCH")
        int batch;
        @Option(names = {"-y", "--yes"}, description = "Confirm without asking (needed when there is no terminal).")
        boolean yes;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                rollouts.rollout(id);
                if (!confirm(out(), yes, "rolls batch " + batch + " of rollout " + id + " back",
                        "rollout rollback-batch " + id + " " + batch)) {
                    return null;
                }
                rollouts.rollbackBatch(id, batch, e.operator());
                out().println("Rollback of batch " + batch + " of rollout " + id + " recorded.");
                if (rollouts.driver(id).isPresent()) {
                    out().println("Its driver (" + rollouts.driver(id).get().holder() + ") carries it out before its "
                            + "next step. Watch it with: headroom rollout watch " + id);
                    out().flush();
                    return null;
                }
                drive(e, rollouts, id);
                return null;
            });
        }
    }

    @Command(name = "skip-host", mixinStandardHelpOptions = true,
            description = {"Leave host HOST out of rollout ID: its pending update, shadow and health check are "
                + "skipped and it stays on the version it has. Does not drive the rollout.",
                "Asks for confirmation on a terminal; without one (a script) it needs --yes."})
    static final class SkipHost extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Parameters(index = "1", paramLabel = "HOST")
        String host;
        @Option(names = {"-y", "--yes"}, description = "Confirm without asking (needed when there is no terminal).")
        boolean yes;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                rollouts.rollout(id);
                if (!confirm(out(), yes, "leaves host " + host + " out of rollout " + id,
                        "rollout skip-host " + id + " " + host)) {
                    return null;
                }
                Rollout r = rollouts.skipHost(id, host, e.operator());
                out().println("Host " + host + " is left out of rollout " + id + " (" + r.status().label() + ")."
                        + (r.status() == RolloutStatus.PAUSED ? " Resume it with: headroom rollout resume " + id : ""));
                out().flush();
                return null;
            });
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = {"Follow rollout ID: its status, each step as it changes, the load checks (forecast against "
                + "observed load per service) and the alerts, until the rollout ends (done or aborted) or Ctrl-C.",
                "It only reads: the rollout is driven by whoever drives it (a launch, resume or run)."})
    static final class Watch extends Base {
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
                description = "How often to look, in milliseconds (default: ${DEFAULT-VALUE}).")
        long interval;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                PrintWriter out = out();
                Map<String, String> seen = new HashMap<>();
                int alerts = 0;
                int checks = 0;
                String status = "";
                while (true) {
                    Rollout r = rollouts.rollout(id);
                    String now = r.status().label() + " — " + r.detail();
                    if (!now.equals(status)) {
                        status = now;
                        Instant planTime = rollouts.planTime(r, e.clock().instant());
                        out.println("Rollout " + id + ": " + now + " (plan time " + planTime + ", driver "
                                + rollouts.driver(id).map(l -> l.holder()).orElse("none") + ")");
                    }
                    List<RolloutStep> steps = rollouts.steps(id);
                    for (RolloutStep s : steps) {
                        String state = s.state().label() + s.result().map(x -> ": " + x).orElse("");
                        if (!state.equals(seen.put(s.idempotencyKey(), state))) {
                            out.println("  " + s.describe() + " " + state);
                        }
                    }
                    List<LoadCheck> loads = rollouts.loadChecks(id);
                    for (LoadCheck c : loads.subList(checks, loads.size())) {
                        out.println(String.format(Locale.ROOT, "  load %s at %s (batch %d): %.1f cores observed, "
                                + "forecast %s, capacity %.1f", c.service(), c.planTime(), c.batch(), c.actualLoad(),
                                Double.isNaN(c.predictedUpper()) ? "none" : String.format(Locale.ROOT,
                                        "%.1f (upper %.1f)", c.predictedMedian(), c.predictedUpper()),
                                c.capacityCores()));
                    }
                    checks = loads.size();
                    List<RolloutAlert> raised = rollouts.alerts(id);
                    for (RolloutAlert a : raised.subList(alerts, raised.size())) {
                        out.println("  ALERT " + a.severity() + " " + a.subject() + " at " + a.at() + ": " + a.message());
                    }
                    alerts = raised.size();
                    out.flush();
                    if (r.status().finished()) {
                        printSummary(out, r, steps);
                        return null;
                    }
                    try {
                        Thread.sleep(Math.max(50, interval));
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            });
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Drive every unfinished rollout (running or aborting) from where its journal stands; "
                + "run it after a crash or restart.")
    static final class Run extends Base {
        @Option(names = "--stand-by", description = "Wait for rollouts another process drives, and take each over "
                + "if that driver's lease lapses (it crashed or was stopped), until none needs a driver.")
        boolean standBy;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                PrintWriter out = out();
                java.util.function.Consumer<String> print = line -> {
                    out.println(line);
                    out.flush();
                };
                List<Rollout> ended = new java.util.ArrayList<>(rollouts.resumeAll(print));
                if (standBy) {
                    for (Rollout left : rollouts.unfinished()) {
                        ended.add(rollouts.driveOrStandBy(left.id(), print, () -> false));
                    }
                }
                if (ended.isEmpty()) {
                    out.println("No rollout needs a driver.");
                }
                for (Rollout r : ended) {
                    printSummary(out, r, rollouts.steps(r.id()));
                }
                out.flush();
                return null;
            });
        }
    }
}
