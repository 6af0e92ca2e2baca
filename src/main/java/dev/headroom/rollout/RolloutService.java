package dev.headroom.rollout;

import dev.headroom.approval.Approval;
import dev.headroom.approval.ApprovalService;
import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Release;
import dev.headroom.fleet.FleetStore;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanContent;
import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Launches approved plans as rollouts and drives them step by step (see docs/rollouts.md).
 *
 * <p>The rule that makes a rollout survive a crash: a step's move to {@code started} is committed
 * before its provider call, the call carries the step's idempotency key, and the move to
 * {@code done} is committed after the call answered. A driver that finds a {@code started} step
 * re-issues it with the same key, which the provider recognises, so no step is lost and none is
 * applied twice. {@link #resumeAll} is called at start-up so that no rollout is left without a driver.
 *
 * <p>Every method throws {@link HeadroomException} with an operator message when something is
 * refused or the store cannot be used.
 */
public final class RolloutService {
    /** The actor the engine records its own steps under. */
    public static final String ENGINE_ACTOR = "headroom";

    private final FleetStore fleet;
    private final ScenarioRepository scenarios;
    private final ApprovalService approvals;
    private final RolloutJournal journal;
    private final RolloutProvider provider;
    private final Clock clock;
    private final Waiter waiter;

    public RolloutService(FleetStore fleet, ScenarioRepository scenarios, ApprovalService approvals,
                          RolloutJournal journal, RolloutProvider provider, Clock clock, Waiter waiter) {
        this.fleet = fleet;
        this.scenarios = scenarios;
        this.approvals = approvals;
        this.journal = journal;
        this.provider = provider;
        this.clock = clock;
        this.waiter = waiter;
    }

    /**
     * Stores a new rollout of scenario {@code scenario}'s approved plan with every step pending; it
     * does not run it ({@link #drive} does).
     *
     * @param version the version every planned host goes to; empty = each host's service's release
     * @throws HeadroomException when the scenario is missing or not approved as it stands, another
     *                           rollout of the account is unfinished, or a host has no target version
     */
    public Rollout launch(String account, String scenario, Optional<String> version, String actor) {
        SavedScenario saved = scenarios.find(account, scenario).orElseThrow(() -> new HeadroomException("There is no "
                + "scenario \"" + scenario + "\" for account " + account + "; nothing was launched. Run \"headroom "
                + "scenarios list --account " + account + "\" to see them."));
        Plan plan = RolloutPlans.read(saved);
        Approval approval = approvals.requireApproved(account, plan);
        for (Rollout r : journal.rollouts(account)) {
            if (!r.status().finished()) {
                throw new HeadroomException("Rollout " + r.id() + " of scenario " + r.scenario() + " is " + r.status()
                        .label() + " on account " + account + "; nothing was launched. Finish it with \"headroom "
                        + "rollout resume " + r.id() + "\" or stop it with \"headroom rollout abort " + r.id() + "\".");
            }
        }
        AccountSnapshot snapshot = fleet.load(account, false).orElseThrow(() -> new HeadroomException("Account "
                + account + " is not in the store; nothing was launched. Run \"headroom accounts list\"."));
        Map<String, Host> hosts = new HashMap<>();
        snapshot.hosts().forEach(h -> hosts.put(h.id(), h));
        Map<String, String> releases = new HashMap<>();
        for (Release r : snapshot.releases()) {
            releases.put(r.service(), r.version());
        }
        String id = journal.nextId();
        List<RolloutStep> steps = new ArrayList<>();
        for (Plan.Batch b : plan.batches()) {
            int n = b.index();
            List<String> reservationSubjects = new ArrayList<>();
            for (int i = 0; i < b.reservations().size(); i++) {
                Plan.Reservation r = b.reservations().get(i);
                String subject = "r" + (i + 1) + ":" + r.service() + "/" + r.region() + "/" + r.instanceType();
                reservationSubjects.add(subject);
                steps.add(RolloutStep.pending(id, steps.size() + 1, n, StepKind.RESERVE, subject,
                        r.service() + "|" + r.region() + "|" + r.instanceType() + "|" + r.count()));
            }
            for (String h : b.hosts()) {
                Host host = hosts.get(h);
                if (host == null) {
                    throw new HeadroomException("Plan \"" + scenario + "\" updates host " + h + ", which account "
                            + account + " no longer has; nothing was launched. Plan the scenario again.");
                }
                String target = version.or(() -> host.services().stream().map(releases::get)
                        .filter(v -> v != null).findFirst()).orElseThrow(() -> new HeadroomException("Host " + h
                        + " has no release to go to (account " + account + " has none for its services); nothing "
                        + "was launched. Give the version with --version VERSION."));
                steps.add(RolloutStep.pending(id, steps.size() + 1, n, StepKind.UPDATE, h, target));
            }
            for (String h : b.hosts()) {
                steps.add(RolloutStep.pending(id, steps.size() + 1, n, StepKind.VERIFY, h, ""));
            }
            steps.add(RolloutStep.pending(id, steps.size() + 1, n, StepKind.RESTORE, "batch " + n,
                    String.join(",", b.hosts())));
            steps.add(RolloutStep.pending(id, steps.size() + 1, n, StepKind.STABILISE, "batch " + n,
                    Integer.toString(plan.policy().stabilizationMinutes())));
            for (String subject : reservationSubjects) {
                steps.add(RolloutStep.pending(id, steps.size() + 1, n, StepKind.RELEASE, subject,
                        RolloutStep.key(id, n, StepKind.RESERVE, subject)));
            }
        }
        Instant now = clock.instant();
        String hash = PlanContent.of(plan).hash();
        Rollout rollout = new Rollout(id, account, scenario, hash, approval.id(), RolloutStatus.RUNNING, now, now,
                "launched");
        journal.create(rollout, steps, new AuditEntry(now, account, actor, AuditKind.LAUNCH, id, "rollout " + id
                + " of scenario " + scenario + " under approval " + approval.id() + " (content " + hash + "): "
                + plan.batches().size() + " batches, " + plan.plannedHosts() + " hosts, " + steps.size() + " steps"));
        return rollout;
    }

    public Rollout rollout(String id) {
        return journal.rollout(id).orElseThrow(() -> new HeadroomException("There is no rollout " + id + ". List "
                + "them with: headroom rollout status"));
    }

    public List<Rollout> rollouts(String account) {
        return journal.rollouts(account);
    }

    public List<RolloutStep> steps(String id) {
        return journal.steps(id);
    }

    /** Drives every rollout that needs a driver to its end or until it is paused or fails; call at start-up. */
    public List<Rollout> resumeAll(Consumer<String> progress) {
        List<Rollout> out = new ArrayList<>();
        for (Rollout r : journal.unfinished()) {
            out.add(drive(r.id(), progress));
        }
        return out;
    }

    /**
     * Runs the rollout's steps in order until it is done, aborted, paused (possibly by another
     * process) or a step fails. A step found {@code started} is re-issued with its same key.
     *
     * @param progress told one line per step transition, in operator words
     */
    public Rollout drive(String id, Consumer<String> progress) {
        while (true) {
            Rollout r = rollout(id);
            if (!r.status().needsDriver()) {
                return r;
            }
            List<RolloutStep> steps = journal.steps(id);
            Optional<RolloutStep> started = steps.stream().filter(s -> s.state() == StepState.STARTED).findFirst();
            if (r.status() == RolloutStatus.ABORTING && started.isEmpty()
                    && steps.stream().anyMatch(s -> s.state() == StepState.PENDING && !compensation(s))) {
                planCompensation(r, steps, progress);
                continue;
            }
            Optional<RolloutStep> next = started.or(() -> steps.stream()
                    .filter(s -> s.state() == StepState.PENDING).findFirst());
            if (next.isEmpty()) {
                RolloutStatus end = r.status() == RolloutStatus.ABORTING ? RolloutStatus.ABORTED : RolloutStatus.DONE;
                String detail = end == RolloutStatus.DONE ? "every step done" : "aborted: reservations released, "
                        + "the current batch rolled back";
                journal.status(id, end, detail, entry(r, ENGINE_ACTOR, AuditKind.STEP, id, "rollout " + end.label()
                        + ": " + detail));
                progress.accept("Rollout " + id + " " + end.label() + ": " + detail + ".");
                continue;
            }
            execute(r, next.get(), progress);
        }
    }

    private static boolean compensation(RolloutStep s) {
        return s.kind() == StepKind.ROLLBACK || s.subject().startsWith("abort:");
    }

    private void execute(Rollout r, RolloutStep step, Consumer<String> progress) {
        boolean reissue = step.state() == StepState.STARTED;
        // commit before act: from here on a crash leaves a started step, which is re-issued with its key
        journal.started(step, entry(r, ENGINE_ACTOR, AuditKind.STEP, step.idempotencyKey(), (reissue
                ? "re-issued " : "started ") + step.describe() + ", attempt " + (step.attempts() + 1)));
        progress.accept((reissue ? "  re-issue " : "  start    ") + step.describe());
        RolloutStep current = journal.steps(r.id()).get(step.seq() - 1);
        String result;
        try {
            result = act(r, current);
        } catch (HeadroomException e) {
            journal.failed(current, e.getMessage(), entry(r, ENGINE_ACTOR, AuditKind.STEP, step.idempotencyKey(),
                    "failed " + step.describe() + ": " + e.getMessage()));
            progress.accept("  FAILED   " + step.describe() + ": " + e.getMessage());
            return;
        }
        AuditKind kind = switch (step.kind()) {
            case RESERVE, RELEASE -> AuditKind.RESERVATION;
            case UPDATE, ROLLBACK -> AuditKind.TRIGGER;
            default -> AuditKind.STEP;
        };
        String detail = "done " + step.describe() + ": " + result;
        if (step.kind() == StepKind.UPDATE) {
            // the seed 000 message the host received, kept in the audit log in one line
            try {
                VersionTrigger trigger = new VersionTrigger(step.argument(), VersionTrigger.ResourceStatus.SUCCESS,
                        AllocatedResources.NONE, current.startedAt().orElseGet(clock::instant), step.subject(),
                        step.idempotencyKey());
                detail += "; version trigger " + trigger.write().strip().replace("\n", " ");
            } catch (IllegalArgumentException e) {
                detail += "; no version trigger text: " + e.getMessage();
            }
        }
        journal.done(current, result, entry(r, ENGINE_ACTOR, kind, step.idempotencyKey(), detail));
        progress.accept("  done     " + step.describe() + ": " + result);
    }

    private String act(Rollout r, RolloutStep s) {
        String key = s.idempotencyKey();
        String account = r.account();
        switch (s.kind()) {
            case RESERVE -> {
                String[] f = s.argument().split("\\|");
                int count = Integer.parseInt(f[3]);
                int granted = provider.reserve(key, account, f[0], f[1], f[2], count);
                return "granted " + granted + " of " + count;
            }
            case UPDATE -> {
                UpdateReply reply = provider.update(account, trigger(s));
                if (reply.isDeferred()) {
                    throw new HeadroomException("Host " + s.subject() + " deferred its update to " + s.argument()
                            + ": " + reply.deferral().get() + ". Resume to send the trigger again, or abort.");
                }
                return "from " + reply.previousVersion() + " to " + s.argument();
            }
            case VERIFY -> {
                if (!provider.healthy(account, s.subject())) {
                    throw new HeadroomException("Rollout " + r.id() + " stopped at " + s.describe() + ": host "
                            + s.subject() + " failed its health check after the update. Resume to check it again, "
                            + "or abort to roll the batch back.");
                }
                return "healthy";
            }
            case RESTORE -> {
                provider.restoreTraffic(key, account, s.argument());
                return "back in service: " + s.argument();
            }
            case STABILISE -> {
                Instant since = s.startedAt().orElseGet(clock::instant);
                Duration period = Duration.ofMinutes(Long.parseLong(s.argument()));
                waiter.waitFor(clock, since, period);
                return "stabilised for " + period.toMinutes() + " min since " + since;
            }
            case RELEASE -> {
                provider.release(key, account, s.argument());
                return "released";
            }
            case ROLLBACK -> {
                String from = provider.update(account, trigger(s)).previousVersion();
                return "rolled back from " + from + " to " + s.argument();
            }
            default -> throw new IllegalStateException("unknown step kind " + s.kind());
        }
    }

    private VersionTrigger trigger(RolloutStep s) {
        return new VersionTrigger(s.argument(), VersionTrigger.ResourceStatus.SUCCESS, AllocatedResources.NONE,
                s.startedAt().orElseGet(clock::instant), s.subject(), s.idempotencyKey());
    }

    /**
     * Abort: releases every reservation still held and puts the current batch's updated hosts back
     * on their previous version, lowest capacity first; earlier batches keep the new version.
     * Planned in one transaction with the skipping of every pending step.
     */
    private void planCompensation(Rollout r, List<RolloutStep> steps, Consumer<String> progress) {
        int current = steps.stream().filter(s -> s.state() == StepState.PENDING).mapToInt(RolloutStep::batch)
                .min().orElse(0);
        Map<String, Double> cores = new HashMap<>();
        fleet.load(r.account(), false).ifPresent(a -> a.hosts().forEach(h -> cores.put(h.id(),
                h.capacity().cpuCores())));
        List<RolloutStep> updated = steps.stream().filter(s -> s.kind() == StepKind.UPDATE && s.batch() == current
                && s.state() == StepState.DONE).sorted(Comparator.comparingDouble((RolloutStep s) -> cores
                .getOrDefault(s.subject(), 0.0)).thenComparing(RolloutStep::subject)).toList();
        List<RolloutStep> compensation = new ArrayList<>();
        int seq = steps.size();
        for (RolloutStep u : updated) {
            String previous = u.result().orElseThrow().split(" ")[1];
            compensation.add(RolloutStep.pending(r.id(), ++seq, current, StepKind.ROLLBACK, u.subject(), previous));
        }
        for (RolloutStep reserve : steps) {
            if (reserve.kind() != StepKind.RESERVE || reserve.state() != StepState.DONE) {
                continue;
            }
            boolean released = steps.stream().anyMatch(s -> s.kind() == StepKind.RELEASE && s.state() == StepState.DONE
                    && s.argument().equals(reserve.idempotencyKey()));
            if (!released) {
                compensation.add(RolloutStep.pending(r.id(), ++seq, reserve.batch(), StepKind.RELEASE,
                        "abort:" + reserve.subject(), reserve.idempotencyKey()));
            }
        }
        journal.compensate(r.id(), compensation, entry(r, ENGINE_ACTOR, AuditKind.STEP, r.id(), "abort planned at "
                + "batch " + current + ": " + updated.size() + " hosts to roll back (lowest capacity first), "
                + (compensation.size() - updated.size()) + " reservations to release"));
        progress.accept("Abort of " + r.id() + ": " + updated.size() + " hosts to roll back, "
                + (compensation.size() - updated.size()) + " reservations to release.");
    }

    /** Stops the rollout before its next step; the step in flight finishes. */
    public Rollout pause(String id, String actor) {
        Rollout r = rollout(id);
        if (r.status() != RolloutStatus.RUNNING) {
            throw new HeadroomException("Rollout " + id + " is " + r.status().label() + ", not running; it was not "
                    + "paused.");
        }
        journal.status(id, RolloutStatus.PAUSED, "paused by " + actor, entry(r, actor, AuditKind.OPERATOR_ACTION, id,
                "paused rollout " + id));
        return rollout(id);
    }

    /** Lets a paused or failed rollout go on (a failed step is retried with its same key); call {@link #drive} next. */
    public Rollout resume(String id, String actor) {
        Rollout r = rollout(id);
        switch (r.status()) {
            case PAUSED -> journal.status(id, RolloutStatus.RUNNING, "resumed by " + actor, entry(r, actor,
                    AuditKind.OPERATOR_ACTION, id, "resumed rollout " + id));
            case FAILED -> journal.retryFailed(id, entry(r, actor, AuditKind.OPERATOR_ACTION, id,
                    "resumed failed rollout " + id + ": its failed step is retried"));
            case RUNNING, ABORTING -> {
                // already has work for a driver: resuming drives it
            }
            default -> throw new HeadroomException("Rollout " + id + " is " + r.status().label() + "; there is "
                    + "nothing to resume.");
        }
        return rollout(id);
    }

    /**
     * Puts the hosts of batch {@code batch} that were already updated back on their previous version,
     * lowest capacity first, and pauses the rollout. Not built yet (issue 6).
     */
    public Rollout rollbackBatch(String id, int batch, String actor) {
        throw new HeadroomException("Rolling back one batch is not built yet; abort rollout " + id + " instead.");
    }

    /** Leaves host {@code host} out of the rollout: its pending steps are skipped. Not built yet (issue 6). */
    public Rollout skipHost(String id, String host, String actor) {
        throw new HeadroomException("Skipping a host is not built yet; abort rollout " + id + " instead.");
    }

    /** The rollout's alerts, oldest first. Not built yet (issue 6): none are raised. */
    public List<RolloutAlert> alerts(String id) {
        return List.of();
    }

    /** The rollout's monitoring ticks, oldest first. Not built yet (issue 6): nothing is monitored. */
    public List<LoadCheck> loadChecks(String id) {
        return List.of();
    }

    /** Marks the rollout for abort; the next {@link #drive} releases reservations and rolls the current batch back. */
    public Rollout abort(String id, String actor) {
        Rollout r = rollout(id);
        if (r.status().finished() || r.status() == RolloutStatus.ABORTING) {
            throw new HeadroomException("Rollout " + id + " is " + r.status().label() + "; there is nothing to abort.");
        }
        journal.status(id, RolloutStatus.ABORTING, "abort requested by " + actor, entry(r, actor,
                AuditKind.OPERATOR_ACTION, id, "aborted rollout " + id));
        return rollout(id);
    }

    private AuditEntry entry(Rollout r, String actor, AuditKind kind, String subject, String detail) {
        return new AuditEntry(clock.instant(), r.account(), actor, kind, subject, detail);
    }
}
