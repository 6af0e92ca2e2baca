package dev.headroom.ui.rollouts;

import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.RolloutStep;
import dev.headroom.rollout.StepKind;
import dev.headroom.rollout.StepState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a rollout's journaled steps and load checks into what the Rollouts section shows. No state. */
final class RolloutProgress {
    private static final Pattern GRANTED = Pattern.compile("granted (\\d+) of (\\d+)");

    private RolloutProgress() {
    }

    /** The list row: steps done of steps that will run. */
    static RolloutRow row(dev.headroom.rollout.Rollout rollout, List<RolloutStep> steps) {
        int done = (int) steps.stream().filter(s -> s.state() == StepState.DONE).count();
        int skipped = (int) steps.stream().filter(s -> s.state() == StepState.SKIPPED).count();
        return new RolloutRow(rollout, done, steps.size() - skipped);
    }

    /** As {@link #batches(List, boolean)} for a rollout that is not paused. */
    static List<BatchRow> batches(List<RolloutStep> steps) {
        return batches(steps, false);
    }

    /**
     * The steps grouped by batch part ("2", "2.1"), in the order they run, and within a part by host
     * in the order the plan updates them.
     *
     * @param paused whether the rollout is paused: the part whose hold paused it last is then held
     */
    static List<BatchRow> batches(List<RolloutStep> steps, boolean paused) {
        Map<List<Integer>, List<RolloutStep>> byPart = new TreeMap<>(Comparator.<List<Integer>>comparingInt(
                k -> k.get(0)).thenComparingInt(k -> k.get(1)));
        for (RolloutStep s : steps) {
            byPart.computeIfAbsent(List.of(s.batch(), s.part()), b -> new ArrayList<>()).add(s);
        }
        // the hold that paused the rollout: the newest one that ran
        Optional<RolloutStep> holding = !paused ? Optional.empty() : steps.stream()
                .filter(s -> s.kind() == StepKind.HOLD && s.state() == StepState.DONE)
                .max(Comparator.comparingInt(RolloutStep::seq));
        List<BatchRow> out = new ArrayList<>();
        byPart.forEach((key, own) -> {
            int batch = key.get(0);
            Map<String, List<RolloutStep>> byHost = new LinkedHashMap<>();
            for (RolloutStep s : own) {
                if (s.kind() == StepKind.UPDATE || s.kind() == StepKind.SHADOW || s.kind() == StepKind.VERIFY
                        || s.kind() == StepKind.ROLLBACK) {
                    byHost.computeIfAbsent(s.subject(), h -> new ArrayList<>()).add(s);
                }
            }
            List<HostRow> hosts = new ArrayList<>();
            byHost.forEach((host, hostSteps) -> hosts.add(host(batch, host, hostSteps)));
            int done = (int) own.stream().filter(s -> s.state() == StepState.DONE).count();
            int skipped = (int) own.stream().filter(s -> s.state() == StepState.SKIPPED).count();
            Optional<RolloutStep> hold = last(own, StepKind.HOLD).filter(h -> h.state() != StepState.SKIPPED);
            boolean held = hold.isPresent() && holding.isPresent() && hold.get().seq() == holding.get().seq();
            String phase = held ? "held for the operator" : phase(own);
            HostState state = held ? HostState.HELD : batchState(own, hosts);
            out.add(new BatchRow(batch, key.get(1), hosts, done, own.size() - skipped, phase, state,
                    hold.map(RolloutStep::argument).orElse(""), held));
        });
        return out;
    }

    static HostRow host(int batch, String host, List<RolloutStep> steps) {
        Optional<RolloutStep> update = last(steps, StepKind.UPDATE);
        Optional<RolloutStep> shadow = last(steps, StepKind.SHADOW);
        Optional<RolloutStep> verify = last(steps, StepKind.VERIFY);
        Optional<RolloutStep> rollback = last(steps, StepKind.ROLLBACK);
        String skippedWhy = update.filter(u -> u.state() == StepState.SKIPPED).flatMap(RolloutStep::result)
                .orElse("");
        HostState state;
        if (steps.stream().anyMatch(s -> s.state() == StepState.FAILED)) {
            state = HostState.FAILED;
        } else if (rollback.isPresent() && rollback.get().state() == StepState.DONE) {
            state = HostState.ROLLED_BACK;
        } else if (rollback.isPresent() && rollback.get().state() == StepState.STARTED) {
            state = HostState.ROLLING_BACK;
        } else if (is(verify, StepState.DONE)) {
            state = HostState.HEALTHY;
        } else if (is(verify, StepState.STARTED)) {
            state = HostState.VERIFYING;
        } else if (is(shadow, StepState.STARTED)) {
            state = HostState.SHADOW;
        } else if (is(update, StepState.DONE)) {
            state = HostState.UPDATED;
        } else if (is(update, StepState.STARTED)) {
            state = HostState.UPDATING;
        } else if (skippedWhy.startsWith("left out")) {
            state = HostState.LEFT_OUT;
        } else if (skippedWhy.startsWith("moved to") || skippedWhy.startsWith("deferred:")
                || skippedWhy.startsWith("rolled back:") || skippedWhy.startsWith("queued again")) {
            // the engine queued it again in the batch's next part; the host's row there says how it goes
            state = HostState.MOVED;
        } else if (!steps.isEmpty() && steps.stream().allMatch(s -> s.state() == StepState.SKIPPED)) {
            state = HostState.SKIPPED;
        } else {
            state = HostState.WAITING;
        }
        String version = rollback.filter(r -> r.state() == StepState.DONE).map(RolloutStep::argument)
                .or(() -> update.map(RolloutStep::argument)).orElse("");
        // the newest step that said something: a failure, a skip's reason, or the answer of the last step that ended
        String detail = steps.stream().filter(s -> s.finishedAt().isPresent() || s.state() == StepState.FAILED
                        || (s.kind() == StepKind.UPDATE && s.state() == StepState.SKIPPED && s.result().isPresent()))
                .max(Comparator.comparingInt(RolloutStep::seq)).flatMap(s -> s.result().map(r -> (s.state()
                        == StepState.FAILED ? "failed: " : s.state() == StepState.SKIPPED ? "" : s.kind().label()
                        + ": ") + r)).orElse("");
        return new HostRow(batch, host, state, version, detail);
    }

    private static boolean is(Optional<RolloutStep> step, StepState state) {
        return step.isPresent() && step.get().state() == state;
    }

    private static Optional<RolloutStep> last(List<RolloutStep> steps, StepKind kind) {
        return steps.stream().filter(s -> s.kind() == kind).max(Comparator.comparingInt(RolloutStep::seq));
    }

    /** What the batch is doing: its started or failed step, else the next pending one after a done one. */
    static String phase(List<RolloutStep> own) {
        if (deferred(own)) {
            // its failed reserve is the deferral, not a failure that stops the rollout
            return "deferred: queued again";
        }
        Optional<RolloutStep> failed = own.stream().filter(s -> s.state() == StepState.FAILED).findFirst();
        if (failed.isPresent()) {
            return "failed: " + failed.get().kind().label() + " " + failed.get().subject();
        }
        Optional<RolloutStep> started = own.stream().filter(s -> s.state() == StepState.STARTED).findFirst();
        if (started.isPresent()) {
            return verb(started.get().kind());
        }
        boolean anyDone = own.stream().anyMatch(s -> s.state() == StepState.DONE);
        Optional<RolloutStep> pending = own.stream().filter(s -> s.state() == StepState.PENDING).findFirst();
        if (pending.isEmpty()) {
            if (own.stream().anyMatch(s -> s.kind() == StepKind.ROLLBACK && s.state() == StepState.DONE)) {
                return "rolled back";
            }
            return anyDone ? "done" : "skipped";
        }
        return anyDone ? "next: " + verb(pending.get().kind()) : "waiting";
    }

    private static String verb(StepKind kind) {
        return switch (kind) {
            case RESERVE -> "reserving surge";
            case UPDATE -> "updating";
            case VERIFY -> "verifying";
            case RESTORE -> "restoring traffic";
            case STABILISE -> "stabilising";
            case RELEASE -> "releasing surge";
            case ROLLBACK -> "rolling back";
            case SHADOW -> "running in shadow";
            case HOLD -> "held for the operator";
        };
    }

    /** Whether the part was deferred: its reservation was refused and a hold queued it again. */
    private static boolean deferred(List<RolloutStep> own) {
        return own.stream().anyMatch(s -> s.kind() == StepKind.HOLD && s.subject().equals("hold:defer")
                && s.state() != StepState.SKIPPED);
    }

    private static HostState batchState(List<RolloutStep> own, List<HostRow> hosts) {
        if (deferred(own)) {
            return HostState.MOVED;
        }
        if (own.stream().anyMatch(s -> s.state() == StepState.FAILED)) {
            return HostState.FAILED;
        }
        if (own.stream().anyMatch(s -> s.kind() == StepKind.SHADOW && s.state() == StepState.STARTED)) {
            return HostState.SHADOW;
        }
        if (hosts.stream().anyMatch(h -> h.state() == HostState.ROLLED_BACK || h.state() == HostState.ROLLING_BACK)) {
            return hosts.stream().anyMatch(h -> h.state() == HostState.ROLLING_BACK) ? HostState.ROLLING_BACK
                    : HostState.ROLLED_BACK;
        }
        boolean allEnded = own.stream().allMatch(s -> s.state() == StepState.DONE || s.state() == StepState.SKIPPED);
        if (allEnded) {
            return own.stream().anyMatch(s -> s.state() == StepState.DONE) ? HostState.HEALTHY : HostState.SKIPPED;
        }
        if (own.stream().anyMatch(s -> s.state() == StepState.STARTED || s.state() == StepState.DONE)) {
            return HostState.UPDATING;
        }
        return HostState.WAITING;
    }

    /**
     * The rollout's reservations, from its reserve and release steps, priced from the plan when it
     * is known. A reservation costs from the moment it was granted: the plan's price for its whole
     * timeframe, in proportion to the instances granted.
     */
    static List<ReservationRow> reservations(List<RolloutStep> steps, Optional<List<PlannedReservation>> plan) {
        List<ReservationRow> out = new ArrayList<>();
        for (RolloutStep reserve : steps) {
            if (reserve.kind() != StepKind.RESERVE) {
                continue;
            }
            String[] f = reserve.argument().split("\\|");
            int count = f.length > 3 ? parse(f[3]) : 0;
            String what = f.length > 2 ? f[0] + " · " + f[1] + " · " + f[2] : reserve.subject();
            int granted = reserve.result().map(r -> {
                Matcher m = GRANTED.matcher(r);
                return m.find() ? parse(m.group(1)) : -1;
            }).orElse(-1);
            List<RolloutStep> releases = steps.stream().filter(s -> s.kind() == StepKind.RELEASE
                    && s.argument().equals(reserve.idempotencyKey())).toList();
            boolean released = releases.stream().anyMatch(s -> s.state() == StepState.DONE);
            String state = switch (reserve.state()) {
                case PENDING -> "planned";
                case STARTED -> "reserving";
                case FAILED -> "failed";
                case SKIPPED -> "skipped";
                case DONE -> released ? "released"
                        : releases.stream().anyMatch(s -> s.state() == StepState.STARTED) ? "releasing" : "held";
            };
            OptionalDouble cost = OptionalDouble.empty();
            if (reserve.state() == StepState.DONE && plan.isPresent()) {
                int index = parse(reserve.subject().replaceFirst("^r(\\d+):.*$", "$1"));
                Optional<PlannedReservation> planned = plan.get().stream()
                        .filter(p -> p.batch() == reserve.batch() && p.index() == index).findFirst();
                if (planned.isPresent() && granted >= 0) {
                    PlannedReservation p = planned.get();
                    cost = OptionalDouble.of(p.count() == 0 ? 0 : p.costUsd() * Math.min(granted, p.count())
                            / p.count());
                }
            }
            out.add(new ReservationRow(reserve.batch(), reserve.part(), what, count, granted, state, cost));
        }
        return out;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Predicted against actual load per batch and service, in batch order and then by service. */
    static List<SummaryRow> summary(List<LoadCheck> checks) {
        Map<Integer, Map<String, List<LoadCheck>>> groups = new TreeMap<>();
        for (LoadCheck c : checks) {
            groups.computeIfAbsent(c.batch(), b -> new TreeMap<>()).computeIfAbsent(c.service(),
                    s -> new ArrayList<>()).add(c);
        }
        List<SummaryRow> out = new ArrayList<>();
        groups.forEach((batch, byService) -> byService.forEach((service, list) -> {
            double median = 0;
            double upper = Double.NEGATIVE_INFINITY;
            double actual = 0;
            double peak = Double.NEGATIVE_INFINITY;
            double capacity = Double.POSITIVE_INFINITY;
            int above = 0;
            double error = 0;
            int errors = 0;
            for (LoadCheck c : list) {
                median += c.predictedMedian();
                upper = Math.max(upper, c.predictedUpper());
                actual += c.actualLoad();
                peak = Math.max(peak, c.actualLoad());
                capacity = Math.min(capacity, c.capacityCores());
                if (c.actualLoad() > c.predictedUpper()) {
                    above++;
                }
                if (c.predictedMedian() > 0) {
                    error += Math.abs(c.actualLoad() - c.predictedMedian()) / c.predictedMedian();
                    errors++;
                }
            }
            int n = list.size();
            out.add(new SummaryRow(batch, service, n, median / n, upper, actual / n, peak, capacity, above,
                    errors == 0 ? Double.NaN : error / errors));
        }));
        return out;
    }

    /** The services that have load checks, sorted. */
    static List<String> services(List<LoadCheck> checks) {
        return checks.stream().map(LoadCheck::service).distinct().sorted().toList();
    }
}
