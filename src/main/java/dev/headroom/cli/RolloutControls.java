package dev.headroom.cli;

import dev.headroom.engine.Engine;
import dev.headroom.rollout.Rollout;
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

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
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
                + "back on their previous version, lowest capacity first. Earlier batches keep the new version."})
    static final class Abort extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                rollouts.abort(id, e.operator());
                drive(e, rollouts, id);
                return null;
            });
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Drive every unfinished rollout (running or aborting) from where its journal stands; "
                + "run it after a crash or restart.")
    static final class Run extends Base {
        @Override
        public void run() {
            parent.withEngine(spec.commandLine().getErr(), e -> {
                RolloutService rollouts = e.rollouts(speed);
                PrintWriter out = out();
                List<Rollout> ended = rollouts.resumeAll(line -> {
                    out.println(line);
                    out.flush();
                });
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
