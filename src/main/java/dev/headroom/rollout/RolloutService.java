package dev.headroom.rollout;

import dev.headroom.approval.Approval;
import dev.headroom.approval.ApprovalService;
import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Policy;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Launches approved plans as rollouts and drives them step by step (see docs/rollouts.md).
 *
 * <p>The rule that makes a rollout survive a crash: a step's move to {@code started} is committed
 * before its provider call, the call carries the step's idempotency key, and the move to
 * {@code done} is committed after the call answered. A driver that finds a {@code started} step
 * re-issues it with the same key, which the provider recognises, so no step is lost and none is
 * applied twice. {@link #resumeAll} is called at start-up so that no rollout is left without a driver;
 * a lease keeps a second driver (in another process) off a rollout that has one.
 *
 * <p>Every change of the plan of steps (a split batch, a deferral, a batch rollback, a host left
 * out, an abort) is one {@link Replan}, committed in one transaction with its audit record.
 *
 * <p>Every method throws {@link HeadroomException} with an operator message when something is
 * refused or the store cannot be used.
 */
public final class RolloutService {
    /** The actor the engine records its own steps under. */
    public static final String ENGINE_ACTOR = "headroom";
    private static final double EPS = 1e-9;
    /** Surge adjustments of one service within one batch part: the predictive pause takes over after. */
    static final int ADJUSTMENTS_PER_PART = 2;

    private final FleetStore fleet;
    private final ScenarioRepository scenarios;
    private final ApprovalService approvals;
    private final RolloutJournal journal;
    private final RolloutProvider provider;
    private final Clock clock;
    private final Waiter waiter;
    private final PredictedLoad.Source forecasts;
    private final RolloutTuning tuning;
    private final double launchSpeed;
    private final Random random;
    private final Map<String, Context> contexts = new HashMap<>();
    private final Map<String, Instant> renewed = new HashMap<>();
    private final Map<String, Instant> lastCheck = new HashMap<>();
    private final Set<String> raised = new java.util.HashSet<>();
    /** Operator requests this driver has said it holds back, so that it says so once. */
    private final Set<String> postponed = new java.util.HashSet<>();

    /** What a launch may set besides the version. */
    public record LaunchOptions(double speed, Map<String, Duration> shadow) {
        public LaunchOptions {
            if (!Double.isFinite(speed) || speed <= 0) {
                throw new HeadroomException("Speed " + speed + " is not a positive number; nothing was launched. "
                        + "Give --speed N, e.g. 3600 for an hour of plan time per second.");
            }
            shadow = Map.copyOf(shadow);
        }
    }

    public RolloutService(FleetStore fleet, ScenarioRepository scenarios, ApprovalService approvals,
                          RolloutJournal journal, RolloutProvider provider, Clock clock, Waiter waiter) {
        this(fleet, scenarios, approvals, journal, provider, clock, waiter, PredictedLoad.Source.NONE,
                RolloutTuning.defaults(), 1);
    }

    /**
     * @param forecasts   the forecast each rollout is monitored against
     * @param launchSpeed the speed of rollouts launched without one ({@link #launch(String, String, Optional, String)})
     */
    public RolloutService(FleetStore fleet, ScenarioRepository scenarios, ApprovalService approvals,
                          RolloutJournal journal, RolloutProvider provider, Clock clock, Waiter waiter,
                          PredictedLoad.Source forecasts, RolloutTuning tuning, double launchSpeed) {
        this.fleet = fleet;
        this.scenarios = scenarios;
        this.approvals = approvals;
        this.journal = journal;
        this.provider = provider;
        this.clock = clock;
        this.waiter = waiter;
        this.forecasts = forecasts;
        this.tuning = tuning;
        this.launchSpeed = launchSpeed;
        this.random = new Random(tuning.seed());
    }

    // ---------------------------------------------------------------- launch

    /** {@link #launch(String, String, Optional, String, LaunchOptions)} at this service's speed, no shadow mode. */
    public Rollout launch(String account, String scenario, Optional<String> version, String actor) {
        return launch(account, scenario, version, actor, new LaunchOptions(launchSpeed, Map.of()));
    }

    /**
     * Stores a new rollout of scenario {@code scenario}'s approved plan with every step pending; it
     * does not run it ({@link #drive} does).
     *
     * @param version the version every planned host goes to; empty = each host's service's release
     * @throws HeadroomException when the scenario is missing or not approved as it stands, another
     *                           rollout of the account is unfinished, a host has no target version,
     *                           or a shadow service is not one of the account's
     */
    public Rollout launch(String account, String scenario, Optional<String> version, String actor,
                          LaunchOptions options) {
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
        Set<String> services = new LinkedHashSet<>();
        snapshot.services().forEach(s -> services.add(s.name()));
        snapshot.hosts().forEach(h -> services.addAll(h.services()));
        for (String s : options.shadow().keySet()) {
            if (!services.contains(s)) {
                throw new HeadroomException("Shadow mode names service \"" + s + "\", which account " + account
                        + " does not have; nothing was launched. Its services: " + String.join(", ", services) + ".");
            }
        }
        String id = journal.nextId();
        List<RolloutStep> steps = new ArrayList<>();
        Map<Integer, Instant> batchEnds = new LinkedHashMap<>();
        for (Plan.Batch b : plan.batches()) {
            Map<String, String> targets = new LinkedHashMap<>();
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
                targets.put(h, target);
            }
            List<ReserveSpec> reservations = new ArrayList<>();
            for (Plan.Reservation r : b.reservations()) {
                List<String> covered = b.hosts().stream().filter(h -> hosts.get(h).services().contains(r.service()))
                        .toList();
                reservations.add(new ReserveSpec(r.service(), r.region(), r.instanceType(), r.count(), covered));
            }
            Map<String, Duration> shadowOf = shadowHosts(b.hosts(), h -> hosts.get(h).services(), options.shadow());
            for (RolloutStep s : partSteps(id, b.index(), 0, reservations, targets, shadowOf,
                    plan.policy().stabilizationMinutes())) {
                steps.add(s.at(steps.size() + 1));
            }
            batchEnds.put(b.index(), plan.time(b.endStep()));
        }
        Instant now = clock.instant();
        String hash = PlanContent.of(plan).hash();
        RolloutSettings settings = new RolloutSettings(options.speed(), plan.start(), options.shadow(), batchEnds, "");
        Rollout rollout = new Rollout(id, account, scenario, hash, approval.id(), RolloutStatus.RUNNING, now, now,
                "launched", settings);
        journal.create(rollout, steps, new AuditEntry(now, account, actor, AuditKind.LAUNCH, id, "rollout " + id
                + " of scenario " + scenario + " under approval " + approval.id() + " (content " + hash + "): "
                + plan.batches().size() + " batches, " + plan.plannedHosts() + " hosts, " + steps.size() + " steps"
                + ", speed " + AllocatedResources.num(options.speed()) + ", plan time from " + plan.start()
                + (options.shadow().isEmpty() ? "" : ", shadow mode " + settings.shadowText())));
        return rollout;
    }

    private static Map<String, Duration> shadowHosts(List<String> hosts,
                                                     java.util.function.Function<String, List<String>> servicesOf,
                                                     Map<String, Duration> shadow) {
        Map<String, Duration> out = new HashMap<>();
        for (String h : hosts) {
            servicesOf.apply(h).stream().filter(shadow::containsKey).map(shadow::get).max(Duration::compareTo)
                    .ifPresent(d -> out.put(h, d));
        }
        return out;
    }

    /** One reservation of a batch part: the instances asked for and the hosts they stand in for. */
    record ReserveSpec(String service, String region, String instanceType, int count, List<String> hosts) {
        String argument() {
            return service + "|" + region + "|" + instanceType + "|" + count + "|" + String.join(";", hosts);
        }

        String subject(int index) {
            return "r" + index + ":" + service + "/" + region + "/" + instanceType;
        }

        /** Reads a reserve step's argument; steps stored before schema 8 name no hosts ({@code fallback}). */
        static ReserveSpec parse(String argument, List<String> fallback) {
            String[] f = argument.split("\\|", -1);
            List<String> hosts = f.length > 4 && !f[4].isEmpty() ? List.of(f[4].split(";")) : fallback;
            return new ReserveSpec(f[0], f[1], f[2], Integer.parseInt(f[3]), hosts);
        }
    }

    /**
     * The steps of one batch part, in the order they run (seq 0; the caller numbers them): its
     * reservations, the updates, the shadow periods, the health checks, traffic back, the
     * stabilisation, the releases.
     */
    private static List<RolloutStep> partSteps(String id, int batch, int part, List<ReserveSpec> reservations,
                                               Map<String, String> targets, Map<String, Duration> shadow,
                                               int stabilisationMinutes) {
        List<RolloutStep> out = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < reservations.size(); i++) {
            ReserveSpec r = reservations.get(i);
            String subject = r.subject(i + 1);
            subjects.add(subject);
            out.add(RolloutStep.pending(id, 0, batch, part, StepKind.RESERVE, subject, r.argument()));
        }
        targets.forEach((h, v) -> out.add(RolloutStep.pending(id, 0, batch, part, StepKind.UPDATE, h, v)));
        targets.forEach((h, v) -> {
            if (shadow.containsKey(h)) {
                out.add(RolloutStep.pending(id, 0, batch, part, StepKind.SHADOW, h, v + "|"
                        + shadow.get(h).toMinutes()));
            }
        });
        targets.keySet().forEach(h -> out.add(RolloutStep.pending(id, 0, batch, part, StepKind.VERIFY, h, "")));
        String label = part == 0 ? Integer.toString(batch) : batch + "." + part;
        out.add(RolloutStep.pending(id, 0, batch, part, StepKind.RESTORE, "batch " + label,
                String.join(",", targets.keySet())));
        out.add(RolloutStep.pending(id, 0, batch, part, StepKind.STABILISE, "batch " + label,
                Integer.toString(stabilisationMinutes)));
        for (String subject : subjects) {
            out.add(RolloutStep.pending(id, 0, batch, part, StepKind.RELEASE, subject,
                    RolloutStep.key(id, batch, part, StepKind.RESERVE, subject)));
        }
        return out;
    }

    // ---------------------------------------------------------------- queries

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

    /** The fleet's time for rollout {@code r} when its clock reads {@code now} (see {@link Rollout#planTime}). */
    public Instant planTime(Rollout r, Instant now) {
        return r.planTime(now);
    }

    /** The rollout's plan time now. */
    public Instant planTime(String id) {
        return rollout(id).planTime(clock.instant());
    }

    /** The rollout's alerts, oldest first. */
    public List<RolloutAlert> alerts(String id) {
        rollout(id);
        return journal.alerts(id);
    }

    /** The rollout's monitoring ticks, oldest first. */
    public List<LoadCheck> loadChecks(String id) {
        rollout(id);
        return journal.loadChecks(id);
    }

    /** Who drives the rollout now, when a live driver does. */
    public Optional<Lease> driver(String id) {
        return journal.lease(id).filter(l -> !l.stale(clock.instant()));
    }

    // ---------------------------------------------------------------- driving

    /** Rollouts that need a driver (running or aborting), whoever drives them. */
    public List<Rollout> unfinished() {
        return journal.unfinished();
    }

    /**
     * Drives every rollout that needs a driver to its end or until it is paused or fails; call at
     * start-up. Rollouts that a live driver (another process) holds are left to it.
     */
    public List<Rollout> resumeAll(Consumer<String> progress) {
        List<Rollout> out = new ArrayList<>();
        for (Rollout r : journal.unfinished()) {
            Optional<Lease> other = driver(r.id()).filter(l -> !l.holder().equals(tuning.holder()));
            if (other.isPresent()) {
                progress.accept("Rollout " + r.id() + " is driven by " + other.get().holder() + "; left to it.");
                continue;
            }
            try {
                out.add(drive(r.id(), progress));
            } catch (LeaseRefused e) {
                progress.accept(e.getMessage());
            }
        }
        return out;
    }

    /**
     * Drives the rollout; while another live driver holds it, stands by and takes it over once that
     * driver's lease lapses (it crashed or was stopped), so the rollout does not stay without a
     * driver while this process runs. Returns when the rollout needs no driver any more (done,
     * aborted, paused or failed, by either driver) or {@code stop} says so between two looks.
     */
    public Rollout driveOrStandBy(String id, Consumer<String> progress, java.util.function.BooleanSupplier stop) {
        String told = "";
        while (true) {
            Rollout r = rollout(id);
            if (!r.status().needsDriver() || stop.getAsBoolean()) {
                return r;
            }
            try {
                return drive(id, progress);
            } catch (LeaseRefused e) {
                Optional<Lease> other = journal.lease(id);
                if (other.isEmpty()) {
                    continue;
                }
                if (!told.equals(other.get().holder())) {
                    told = other.get().holder();
                    progress.accept("Rollout " + id + " is driven by " + told + "; standing by to take it over if "
                            + "its lease (until " + other.get().expiresAt() + ") lapses.");
                }
                // look again by the lease's expiry, and at least every third of a lease: it may finish sooner
                Instant now = clock.instant();
                Duration until = Duration.between(now, other.get().expiresAt()).plusMillis(1);
                Duration third = tuning.leaseTtl().dividedBy(3);
                waiter.waitFor(clock, now, until.isNegative() || until.compareTo(third) > 0 ? third : until);
            }
        }
    }

    /** Another driver holds the rollout. */    /** Another driver holds the rollout. */
    public static final class LeaseRefused extends HeadroomException {
        LeaseRefused(String message) {
            super(message);
        }
    }

    /** This driver's lease was taken over (it stalled past its expiry); it stops at once. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost(String message) {
            super(message, null, false, false);
        }
    }

    /** The step in flight ended in a replan (rollback, deferral, left out); the driver goes on from the journal. */
    private static final class Replanned extends RuntimeException {
        Replanned() {
            super(null, null, false, false);
        }
    }

    /** An operator paused or aborted the rollout during a wait; the step stays started and is re-issued. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs the rollout's steps in order until it is done, aborted, paused (possibly by another
     * process) or a step fails. A step found {@code started} is re-issued with its same key.
     *
     * @param progress told one line per step transition, in operator words
     * @throws LeaseRefused when another live driver holds the rollout
     */
    public Rollout drive(String id, Consumer<String> progress) {
        Rollout first = rollout(id);
        if (!first.status().needsDriver()) {
            return first;
        }
        Instant now = clock.instant();
        Optional<Lease> other = journal.acquire(id, tuning.holder(), now.plus(tuning.leaseTtl()), l -> l.stale(now));
        if (other.isPresent()) {
            throw new LeaseRefused("Rollout " + id + " is being driven by " + other.get().holder() + " (lease until "
                    + other.get().expiresAt() + "); it was not driven here. Watch it with \"headroom rollout watch "
                    + id + "\"; if that driver crashed, its lease expires at " + other.get().expiresAt()
                    + " and \"headroom rollout run\" takes it over.");
        }
        renewed.put(id, now);
        try {
            return loop(id, progress);
        } catch (LeaseLost e) {
            progress.accept(e.getMessage());
            return rollout(id);
        } finally {
            renewed.remove(id);
            contexts.remove(id);
            journal.releaseLease(id, tuning.holder());
        }
    }

    private void keepLease(String id) {
        Instant now = clock.instant();
        Instant last = renewed.getOrDefault(id, Instant.MIN);
        if (Duration.between(last, now).compareTo(tuning.leaseTtl().dividedBy(3)) < 0) {
            return;
        }
        if (!journal.renew(id, tuning.holder(), now.plus(tuning.leaseTtl()))) {
            throw new LeaseLost("Rollout " + id + ": this driver's lease expired and another driver took the "
                    + "rollout over; this one stops here.");
        }
        renewed.put(id, now);
    }

    private Rollout loop(String id, Consumer<String> progress) {
        while (true) {
            keepLease(id);
            Rollout r = rollout(id);
            if (!r.status().needsDriver()) {
                return r;
            }
            List<RolloutStep> steps = journal.steps(id);
            Optional<RolloutStep> started = steps.stream().filter(s -> s.state() == StepState.STARTED).findFirst();
            // planned once per abort, by a mark committed with the plan: an abort of a rollout whose
            // last step failed has no pending step left to tell it apart from one already compensated
            if (r.status() == RolloutStatus.ABORTING && (started.isEmpty() || interruptible(started.get()))
                    && !journal.compensationPlanned(id) && !plannedBeforeMark(steps)) {
                planCompensation(r, steps, started, progress);
                continue;
            }
            if (r.status() == RolloutStatus.RUNNING && started.isEmpty() && !r.settings().request().isEmpty()
                    && requestDue(r, steps, progress)) {
                carryOut(r, steps, Optional.empty(), progress);
                continue;
            }
            Optional<RolloutStep> next = started.or(() -> steps.stream()
                    .filter(s -> s.state() == StepState.PENDING).findFirst());
            if (next.isEmpty()) {
                RolloutStatus end = r.status() == RolloutStatus.ABORTING ? RolloutStatus.ABORTED : RolloutStatus.DONE;
                String detail = (end == RolloutStatus.DONE ? "every step done" : "aborted: reservations released, "
                        + "the current batch rolled back") + leftOutSummary(steps);
                journal.ending(r, end, progress);
                journal.status(id, end, detail, entry(r, ENGINE_ACTOR, AuditKind.STEP, id, "rollout " + end.label()
                        + ": " + detail));
                progress.accept("Rollout " + id + " " + end.label() + ": " + detail + ".");
                continue;
            }
            RolloutStep step = next.get();
            // a part whose stabilisation is over is only giving its surge back: nothing left to roll back for
            if (r.status() == RolloutStatus.RUNNING && step.state() == StepState.PENDING && batchWork(step)
                    && step.kind() != StepKind.RELEASE) {
                if (monitor(r, steps, step, Optional.empty(), progress)) {
                    continue;
                }
                if (step.kind() == StepKind.UPDATE && planSplit(r, steps, step, progress)) {
                    continue;
                }
            }
            execute(r, step, progress);
        }
    }

    /** Steps of a batch part as planned (not compensation, not a hold). */
    private static boolean batchWork(RolloutStep s) {
        return !compensation(s) && s.kind() != StepKind.HOLD;
    }

    /** A step an abort may end: a wait, or a hold (an abort must not turn into the hold's pause). */
    private static boolean interruptible(RolloutStep s) {
        // a health check waits for its host's update to run first, and changes nothing itself
        return s.kind() == StepKind.STABILISE || s.kind() == StepKind.SHADOW || s.kind() == StepKind.HOLD
                || s.kind() == StepKind.VERIFY;
    }

    private static boolean compensation(RolloutStep s) {
        return s.kind() == StepKind.ROLLBACK || s.subject().startsWith("abort:") || s.subject().startsWith("defer:")
                || s.subject().startsWith("rollback:") || s.subject().startsWith("unused:");
    }

    private static String leftOutSummary(List<RolloutStep> steps) {
        List<String> out = new ArrayList<>();
        for (RolloutStep s : steps) {
            if (s.kind() == StepKind.UPDATE && s.state() == StepState.SKIPPED && s.result().isPresent()
                    && !s.result().get().startsWith("moved to") && !s.result().get().startsWith("queued again")
                    && steps.stream().noneMatch(o -> o.kind() == StepKind.UPDATE && o.subject().equals(s.subject())
                    && o.state() == StepState.DONE)) {
                out.add(s.subject() + " (" + s.result().get() + ")");
            }
        }
        return out.isEmpty() ? "" : "; not updated: " + String.join("; ", new LinkedHashSet<>(out));
    }

    private void execute(Rollout r, RolloutStep step, Consumer<String> progress) {
        boolean reissue = step.state() == StepState.STARTED;
        // commit before act: from here on a crash leaves a started step, which is re-issued with its key
        boolean began = journal.started(step, entry(r, ENGINE_ACTOR, AuditKind.STEP, step.idempotencyKey(), (reissue
                ? "re-issued " : "started ") + step.describe() + ", attempt " + (step.attempts() + 1)));
        if (!began) {
            return;
        }
        progress.accept((reissue ? "  re-issue " : "  start    ") + step.describe());
        RolloutStep current = journal.steps(r.id()).get(step.seq() - 1);
        String result;
        try {
            result = act(r, current, progress);
        } catch (Replanned | Interrupted e) {
            return;
        } catch (HeadroomException e) {
            // the operator's words are stored and shown; the technical text stays in the exception
            String reason = e.operatorMessage();
            journal.failed(current, reason, entry(r, ENGINE_ACTOR, AuditKind.STEP, step.idempotencyKey(),
                    "failed " + step.describe() + ": " + reason));
            progress.accept("  FAILED   " + step.describe() + ": " + reason);
            return;
        }
        if (step.kind() == StepKind.HOLD) {
            journal.replan(r.id(), new Replan.Builder().finish(current.seq(), StepState.DONE, result)
                    .status(RolloutStatus.PAUSED, step.argument()).build(), entry(r, ENGINE_ACTOR, AuditKind.STEP,
                    step.idempotencyKey(), "done " + step.describe() + ": rollout paused: " + step.argument()));
            progress.accept("  paused   " + step.describe() + ": " + step.argument());
            return;
        }
        AuditKind kind = switch (step.kind()) {
            case RESERVE, RELEASE -> AuditKind.RESERVATION;
            case UPDATE, ROLLBACK -> AuditKind.TRIGGER;
            default -> AuditKind.STEP;
        };
        String detail = "done " + step.describe() + ": " + result;
        if (step.kind() == StepKind.UPDATE || step.kind() == StepKind.ROLLBACK) {
            // the seed 000 message the host received, kept in the audit log in one line
            try {
                detail += "; version trigger " + trigger(r, current, current.idempotencyKey()).write().strip()
                        .replace("\n", " ");
            } catch (IllegalArgumentException e) {
                detail += "; no version trigger text: " + e.getMessage();
            }
        }
        journal.done(current, result, entry(r, ENGINE_ACTOR, kind, step.idempotencyKey(), detail));
        progress.accept("  done     " + step.describe() + ": " + result);
    }

    private String act(Rollout r, RolloutStep s, Consumer<String> progress) {
        String key = s.idempotencyKey();
        String account = r.account();
        switch (s.kind()) {
            case RESERVE -> {
                return reserve(r, s, progress);
            }
            case UPDATE -> {
                return update(r, s, progress);
            }
            case SHADOW -> {
                return shadow(r, s, progress);
            }
            case VERIFY -> {
                return verify(r, s, progress);
            }
            case RESTORE -> {
                provider.restoreTraffic(key, account, s.argument());
                return "back in service: " + s.argument();
            }
            case STABILISE -> {
                Instant since = s.startedAt().orElseGet(clock::instant);
                Duration period = Duration.ofMinutes(Long.parseLong(s.argument()));
                waitWatching(r, s, since, r.onClock(period), progress);
                return "stabilised for " + period.toMinutes() + " min of plan time since " + r.planTime(since);
            }
            case RELEASE -> {
                provider.release(key, account, s.argument());
                return "released";
            }
            case ROLLBACK -> {
                VersionTrigger trigger = trigger(r, s, key);
                UpdateReply reply = provider.update(account, trigger);
                if (reply.isDeferred()) {
                    // nothing changed on the host: recording it rolled back would leave it on the new version unseen
                    throw new HeadroomException("Host " + s.subject() + " deferred its rollback to " + s.argument()
                            + ": " + reply.deferral().get() + ". It stays on " + reply.previousVersion() + ". Resume "
                            + "to send the rollback again when its service can spare it.");
                }
                if (reply.takes().isPresent()) {
                    // the host is back on its version once the rollback has run; whatever the rollout's status
                    // (an abort's compensation waits too), from the step's first attempt
                    waitSince(r, s.startedAt().orElseGet(clock::instant), r.onClock(reply.takes().get()));
                }
                return "rolled back from " + reply.previousVersion() + " to " + s.argument() + reply.takes()
                        .map(d -> String.format(Locale.ROOT, "; the rollback ran %.1f min", d.toMillis() / 60_000.0))
                        .orElse("");
            }
            case HOLD -> {
                return "paused: " + s.argument();
            }
            default -> throw new IllegalStateException("unknown step kind " + s.kind());
        }
    }

    // ---------------------------------------------------------------- waits

    /**
     * Waits until {@code total} has passed on the rollout's clock since {@code since}, in chunks:
     * between two, the lease is renewed, the batch is monitored (which may roll it back), and an
     * operator's pause or abort interrupts the wait (the step stays started; a resume waits what is left).
     */
    private void waitWatching(Rollout r, RolloutStep s, Instant since, Duration total, Consumer<String> progress) {
        Duration chunk = r.onClock(tuning.monitorTick());
        Duration third = tuning.leaseTtl().dividedBy(3);
        if (chunk.compareTo(third) > 0) {
            chunk = third;
        }
        if (chunk.isZero() || chunk.isNegative()) {
            chunk = Duration.ofMillis(1);
        }
        Duration offset = Duration.ZERO;
        Instant nextTick = Instant.MIN;
        while (offset.compareTo(total) < 0) {
            offset = offset.plus(chunk);
            if (offset.compareTo(total) > 0) {
                offset = total;
            }
            waiter.waitFor(clock, since, offset);
            keepLease(r.id());
            Rollout now = rollout(r.id());
            if (now.status() != RolloutStatus.RUNNING) {
                progress.accept("  stopped  " + s.describe() + ": rollout " + now.status().label());
                throw new Interrupted();
            }
            String request = now.settings().request();
            if (request.startsWith("rollback-batch:" + s.batch() + ":")) {
                // the operator rolls back the batch this wait belongs to: the wait ends here
                carryOut(now, journal.steps(r.id()), Optional.of(s), progress);
                throw new Replanned();
            }
            Instant planNow = r.planTime(clock.instant());
            if (!planNow.isBefore(nextTick) && monitor(now, journal.steps(r.id()), s, Optional.of(s), progress)) {
                throw new Replanned();
            }
            if (!planNow.isBefore(nextTick)) {
                nextTick = planNow.plus(tuning.monitorTick().dividedBy(2));
            }
        }
    }

    /** Waits until {@code total} has passed on the rollout's clock since {@code since}, keeping the lease. */
    private void waitSince(Rollout r, Instant since, Duration total) {
        Duration third = tuning.leaseTtl().dividedBy(3);
        Duration offset = Duration.ZERO;
        while (offset.compareTo(total) < 0) {
            offset = offset.plus(third.isZero() ? total : third);
            if (offset.compareTo(total) > 0) {
                offset = total;
            }
            waiter.waitFor(clock, since, offset);
            keepLease(r.id());
        }
    }

    /** Waits {@code delay} on the rollout's clock (a backoff), keeping the lease. */
    private void sleep(Rollout r, Duration delay) {
        waitSince(r, clock.instant(), delay);
    }

    // ---------------------------------------------------------------- reserve, split, defer

    private String reserve(Rollout r, RolloutStep s, Consumer<String> progress) {
        ReserveSpec spec = ReserveSpec.parse(s.argument(), List.of());
        RolloutTuning.Backoff backoff = tuning.reserve();
        String last = "";
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            try {
                int granted = provider.reserve(s.idempotencyKey(), r.account(), spec.service(), spec.region(),
                        spec.instanceType(), spec.count());
                return "granted " + granted + " of " + spec.count() + (attempt > 1 ? " (attempt " + attempt + ")" : "");
            } catch (HeadroomException e) {
                last = e.operatorMessage();
                Duration delay = backoff.delay(attempt, random);
                if (e instanceof ProviderThrottledException t && t.retryAfter().isPresent()
                        && t.retryAfter().get().compareTo(delay) > 0) {
                    delay = t.retryAfter().get();
                }
                boolean more = attempt < backoff.attempts();
                journal.note(entry(r, ENGINE_ACTOR, AuditKind.RESERVATION, s.idempotencyKey(), "reservation "
                        + s.subject() + " attempt " + attempt + " of " + backoff.attempts() + " refused"
                        + (e instanceof ProviderThrottledException ? " (throttled)" : "") + ": " + last
                        + (more ? "; next attempt in " + millis(delay) : "; no attempt left")));
                progress.accept("  retry    " + s.describe() + ": attempt " + attempt + " refused: " + last
                        + (more ? "; next in " + millis(delay) : ""));
                if (more) {
                    sleep(r, delay);
                }
            }
        }
        String reason = "reservation " + s.subject() + " (" + spec.count() + " " + spec.instanceType() + " in "
                + spec.region() + ") refused " + backoff.attempts() + " times; last: " + last;
        if (s.subject().startsWith("adjust/")) {
            // the part's hosts are out already: deferring would strand them. The batch goes on with the
            // surge it has; the predictive pause rolls it back if headroom falls under the threshold.
            String text = "Surge adjustment refused: " + reason + ". Batch " + s.batchLabel() + " goes on with the "
                    + "surge it has; it is paused and rolled back if headroom is forecast under the threshold.";
            journal.alert(alert(r, RolloutAlert.Severity.CRITICAL, spec.service(), text), "adjust-refused/"
                    + s.idempotencyKey(), entry(r, ENGINE_ACTOR, AuditKind.ALERT, spec.service(), text));
            return "granted 0 of " + spec.count() + ": " + reason;
        }
        defer(r, journal.steps(r.id()), s, Optional.of(s), reason, progress);
        throw new Replanned();
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /**
     * The batch part cannot have its surge: its reservations are released, nothing of it starts,
     * the rollout pauses (a hold step, after the releases) with the reason, and the part is queued
     * again to run when the operator resumes. A CRITICAL alert says so.
     */
    private void defer(Rollout r, List<RolloutStep> steps, RolloutStep marker, Optional<RolloutStep> inFlight,
                       String reason, Consumer<String> progress) {
        int batch = marker.batch();
        int part = marker.part();
        List<RolloutStep> partSteps = steps.stream().filter(x -> x.batch() == batch && x.part() == part
                && batchWork(x)).toList();
        int last = partSteps.stream().mapToInt(RolloutStep::seq).max().orElse(marker.seq());
        String label = marker.batchLabel();
        Replan.Builder b = new Replan.Builder();
        inFlight.ifPresent(f -> b.finish(f.seq(), StepState.FAILED, reason));
        partSteps.stream().filter(x -> x.state() == StepState.PENDING).forEach(x -> b.skip(x.seq(),
                "deferred: " + reason));
        for (RolloutStep res : partSteps) {
            // a reserve that was tried but never answered may have been granted (a lost reply): releasing a
            // key that holds nothing is harmless, leaving surge running is not
            if (res.kind() == StepKind.RESERVE && (res.state() == StepState.DONE || res.attempts() > 0)) {
                b.insert(last, RolloutStep.pending(r.id(), 0, batch, part, StepKind.RELEASE, "defer:" + res.subject(),
                        res.idempotencyKey()));
            }
        }
        String what = "Batch " + label + " deferred: " + reason + ". Nothing of it started and its reservations are "
                + "released. Resume when the provider has capacity (the batch runs again), or abort.";
        b.insert(last, RolloutStep.pending(r.id(), 0, batch, part, StepKind.HOLD, "hold:defer", what));
        requeue(r, steps, batch, part, last, b);
        b.alert(alert(r, RolloutAlert.Severity.CRITICAL, "batch " + label, what), null);
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.ALERT, r.id(), what));
        progress.accept("  DEFER    " + what);
    }

    /** Queues the part's hosts that were neither skipped nor left out again, as the batch's next part. */
    private void requeue(Rollout r, List<RolloutStep> steps, int batch, int part, int after, Replan.Builder b) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (RolloutStep u : steps) {
            if (u.kind() == StepKind.UPDATE && u.batch() == batch && u.part() == part
                    && (u.state() != StepState.SKIPPED || u.result().orElse("").startsWith("deferred:")
                    || u.result().orElse("").startsWith("rolled back:"))) {
                targets.put(u.subject(), u.argument());
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        int next = nextPart(steps, batch);
        Context ctx = context(r);
        List<ReserveSpec> specs = new ArrayList<>();
        for (RolloutStep res : steps) {
            if (res.kind() == StepKind.RESERVE && res.batch() == batch && res.part() == part) {
                ReserveSpec spec = ReserveSpec.parse(res.argument(), List.copyOf(targets.keySet()));
                List<String> covered = spec.hosts().stream().filter(targets::containsKey).toList();
                if (!covered.isEmpty()) {
                    int count = (int) Math.ceil(spec.count() * (double) covered.size() / spec.hosts().size() - EPS);
                    specs.add(new ReserveSpec(spec.service(), spec.region(), spec.instanceType(), Math.max(1, count),
                            covered));
                }
            }
        }
        Map<String, Duration> shadow = shadowHosts(List.copyOf(targets.keySet()), ctx::servicesOf,
                r.settings().shadow());
        for (RolloutStep s : partSteps(r.id(), batch, next, specs, targets, shadow, ctx.policy.stabilizationMinutes())) {
            b.insert(after, s);
        }
    }

    private static int nextPart(List<RolloutStep> steps, int batch) {
        return steps.stream().filter(s -> s.batch() == batch).mapToInt(RolloutStep::part).max().orElse(0) + 1;
    }

    /**
     * Before the first update of a part whose reservations were granted in part: the hosts whose
     * share fits what was granted stay, the rest move to a new part right after it (with its own
     * reservations); a reservation no staying host needs is released at once.
     *
     * @return whether the plan changed
     */
    private boolean planSplit(Rollout r, List<RolloutStep> steps, RolloutStep update, Consumer<String> progress) {
        int batch = update.batch();
        int part = update.part();
        List<RolloutStep> partSteps = steps.stream().filter(x -> x.batch() == batch && x.part() == part
                && batchWork(x)).toList();
        List<RolloutStep> reserves = partSteps.stream().filter(x -> x.kind() == StepKind.RESERVE).toList();
        List<RolloutStep> updates = partSteps.stream().filter(x -> x.kind() == StepKind.UPDATE
                && x.state() != StepState.SKIPPED).toList();
        if (reserves.stream().noneMatch(x -> granted(x) < ReserveSpec.parse(x.argument(), List.of()).count())) {
            return false;
        }
        List<String> partHosts = updates.stream().map(RolloutStep::subject).toList();
        Map<String, Double> used = new HashMap<>();
        List<String> stay = new ArrayList<>();
        List<String> move = new ArrayList<>();
        for (RolloutStep u : updates) {
            String h = u.subject();
            boolean fits = true;
            Map<String, Double> need = new HashMap<>();
            for (RolloutStep res : reserves) {
                ReserveSpec spec = ReserveSpec.parse(res.argument(), partHosts);
                if (spec.hosts().contains(h)) {
                    double share = (double) spec.count() / spec.hosts().size();
                    need.put(res.subject(), share);
                    fits &= used.getOrDefault(res.subject(), 0.0) + share <= granted(res) + EPS;
                }
            }
            // a host already updated (the split comes before the first update, but a resume may find one) stays
            if (fits || u.state() != StepState.PENDING) {
                stay.add(h);
                need.forEach((k, v) -> used.merge(k, v, Double::sum));
            } else {
                move.add(h);
            }
        }
        if (move.isEmpty()) {
            return false;
        }
        String grants = String.join(", ", reserves.stream().map(x -> x.subject() + " granted " + granted(x) + " of "
                + ReserveSpec.parse(x.argument(), List.of()).count()).toList());
        if (stay.isEmpty()) {
            defer(r, steps, update, Optional.empty(), "no host of the batch fits what was granted (" + grants + ")",
                    progress);
            return true;
        }
        int last = partSteps.stream().mapToInt(RolloutStep::seq).max().orElseThrow();
        int next = nextPart(steps, batch);
        String label = batch + "." + next;
        Replan.Builder b = new Replan.Builder();
        for (RolloutStep x : partSteps) {
            if (x.state() == StepState.PENDING && move.contains(x.subject())) {
                b.skip(x.seq(), "moved to batch " + label + ": " + grants);
            }
            if (x.state() == StepState.PENDING && x.kind() == StepKind.RESTORE) {
                b.argument(x.seq(), String.join(",", stay));
            }
        }
        // a reservation no staying host needs goes back now, not after the stabilisation
        int here = update.seq() - 1;
        for (RolloutStep res : reserves) {
            ReserveSpec spec = ReserveSpec.parse(res.argument(), partHosts);
            if (spec.hosts().stream().noneMatch(stay::contains)) {
                b.insert(here, RolloutStep.pending(r.id(), 0, batch, part, StepKind.RELEASE, "unused:" + res.subject(),
                        res.idempotencyKey()));
                partSteps.stream().filter(x -> x.kind() == StepKind.RELEASE && x.state() == StepState.PENDING
                        && x.argument().equals(res.idempotencyKey())).forEach(x -> b.skip(x.seq(),
                        "released early: no host of the batch needs it"));
            }
        }
        Map<String, String> targets = new LinkedHashMap<>();
        updates.stream().filter(u -> move.contains(u.subject())).forEach(u -> targets.put(u.subject(), u.argument()));
        List<ReserveSpec> specs = new ArrayList<>();
        for (RolloutStep res : reserves) {
            ReserveSpec spec = ReserveSpec.parse(res.argument(), partHosts);
            List<String> covered = spec.hosts().stream().filter(move::contains).toList();
            if (!covered.isEmpty()) {
                int count = (int) Math.ceil(spec.count() * (double) covered.size() / spec.hosts().size() - EPS);
                specs.add(new ReserveSpec(spec.service(), spec.region(), spec.instanceType(), Math.max(1, count),
                        covered));
            }
        }
        Context ctx = context(r);
        Map<String, Duration> shadow = shadowHosts(move, ctx::servicesOf, r.settings().shadow());
        for (RolloutStep s : partSteps(r.id(), batch, next, specs, targets, shadow, ctx.policy.stabilizationMinutes())) {
            b.insert(last, s);
        }
        String what = "Batch " + update.batchLabel() + " split after a partial reservation (" + grants + "): "
                + String.join(", ", stay) + " go now, " + String.join(", ", move) + " follow as batch " + label + ".";
        b.alert(alert(r, RolloutAlert.Severity.WARNING, "batch " + update.batchLabel(), what), null);
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.RESERVATION, r.id(), what));
        progress.accept("  SPLIT    " + what);
        return true;
    }

    /** Instances a done reserve step was granted; 0 when it was not done. */
    private static int granted(RolloutStep reserve) {
        if (reserve.state() != StepState.DONE) {
            return 0;
        }
        String[] f = reserve.result().orElse("").split(" ");
        try {
            return f.length > 1 && f[0].equals("granted") ? Integer.parseInt(f[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- update and its trigger

    private String update(Rollout r, RolloutStep s, Consumer<String> progress) {
        RolloutTuning.Backoff backoff = tuning.deferral();
        String reason = "";
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            // a trigger the host deferred changed nothing; the next one is a new message with its own key
            String key = attempt == 1 ? s.idempotencyKey() : s.idempotencyKey() + "+" + attempt;
            VersionTrigger trigger = trigger(r, s, key);
            UpdateReply reply = provider.update(r.account(), trigger);
            if (!reply.isDeferred()) {
                return "from " + reply.previousVersion() + " to " + s.argument()
                        + (attempt > 1 ? " (trigger " + attempt + ")" : "")
                        + reply.takes().map(d -> "; " + RolloutStep.takesText(d.toMillis() / 60_000.0)).orElse("");
            }
            reason = reply.deferral().get();
            boolean more = attempt < backoff.attempts();
            Duration delay = backoff.delay(attempt, random);
            String text = "Host " + s.subject() + " deferred its update to " + s.argument() + " (trigger " + attempt
                    + " of " + backoff.attempts() + "): " + reason + "." + (more ? " Sent again in " + millis(delay)
                    + "." : "");
            journal.note(entry(r, ENGINE_ACTOR, AuditKind.TRIGGER, key, "deferred " + s.describe() + ": " + reason
                    + "; version trigger " + trigger.write().strip().replace("\n", " ")));
            journal.alert(alert(r, RolloutAlert.Severity.WARNING, s.subject(), text), "deferral/" + key,
                    entry(r, ENGINE_ACTOR, AuditKind.ALERT, s.subject(), text));
            progress.accept("  deferred " + s.describe() + ": " + reason);
            if (more) {
                sleep(r, delay);
            }
        }
        leaveOut(r, s, "deferred " + backoff.attempts() + " times: " + reason, progress);
        throw new Replanned();
    }

    /** The host stays on its version and out of the batch: its update and later steps are skipped. */
    private void leaveOut(Rollout r, RolloutStep update, String reason, Consumer<String> progress) {
        Replan.Builder b = new Replan.Builder().finish(update.seq(), StepState.SKIPPED, "left out: " + reason);
        for (RolloutStep x : journal.steps(r.id())) {
            if (x.batch() == update.batch() && x.part() == update.part() && x.state() == StepState.PENDING
                    && x.subject().equals(update.subject())) {
                b.skip(x.seq(), "host left out of the batch");
            }
        }
        String text = "Host " + update.subject() + " was left out of batch " + update.batchLabel() + " (" + reason
                + "); it stays on its version and its health check is skipped. The rest of the batch goes on; "
                + "update it with a later plan.";
        b.alert(alert(r, RolloutAlert.Severity.WARNING, update.subject(), text), "left-out/"
                + update.idempotencyKey());
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.TRIGGER, update.idempotencyKey(), text));
        progress.accept("  LEFT OUT " + text);
    }

    /**
     * The seed 000 trigger for an update (or rollback) step: Resource Status and Allocated
     * Resources come from the part's reservations that stand in for the host, each shared over the
     * part's hosts it covers; Failure when one of them was refused or granted nothing.
     */
    VersionTrigger trigger(Rollout r, RolloutStep s, String key) {
        Instant start = r.planTime(s.startedAt().orElseGet(clock::instant));
        if (s.kind() == StepKind.ROLLBACK) {
            // a rollback drains its host again: it carries what the host's update was allocated, as long as the
            // batch still holds those reservations (compensation releases them after its rollbacks)
            List<RolloutStep> steps = journal.steps(r.id());
            Optional<RolloutStep> update = steps.stream().filter(x -> x.kind() == StepKind.UPDATE
                    && x.batch() == s.batch() && x.subject().equals(s.subject()) && x.seq() < s.seq()
                    && (x.state() == StepState.DONE || x.state() == StepState.FAILED
                    || x.state() == StepState.STARTED)).reduce((a, b) -> b);
            AllocatedResources allocated = update.map(u -> allocation(r, u, steps, true).allocated())
                    .orElse(AllocatedResources.NONE);
            return new VersionTrigger(s.argument(), VersionTrigger.ResourceStatus.SUCCESS, allocated, start,
                    s.subject(), key);
        }
        if (s.kind() != StepKind.UPDATE) {
            return new VersionTrigger(s.argument(), VersionTrigger.ResourceStatus.SUCCESS, AllocatedResources.NONE,
                    start, s.subject(), key);
        }
        Allocation a = allocation(r, s, journal.steps(r.id()), false);
        return new VersionTrigger(s.argument(), a.failure() ? VersionTrigger.ResourceStatus.FAILURE
                : VersionTrigger.ResourceStatus.SUCCESS, a.allocated(), start, s.subject(), key);
    }

    /** An update's share of its part's reservations, and whether one of them was refused or granted nothing. */
    private record Allocation(AllocatedResources allocated, boolean failure) {
    }

    /**
     * What update step {@code s} is allocated: each reservation of its part that stands in for the
     * host, shared over the part's hosts it covers; with {@code heldOnly}, only reservations not
     * released (or being released).
     */
    private Allocation allocation(Rollout r, RolloutStep s, List<RolloutStep> steps, boolean heldOnly) {
        Context ctx = context(r);
        List<String> partHosts = steps.stream().filter(x -> x.kind() == StepKind.UPDATE && x.batch() == s.batch()
                && x.part() == s.part() && (x.state() != StepState.SKIPPED || x.subject().equals(s.subject())))
                .map(RolloutStep::subject).toList();
        double cpu = 0;
        double mem = 0;
        double net = 0;
        double disk = 0;
        boolean failure = false;
        for (RolloutStep res : steps) {
            if (res.kind() != StepKind.RESERVE || res.batch() != s.batch() || res.part() != s.part()) {
                continue;
            }
            ReserveSpec spec = ReserveSpec.parse(res.argument(), partHosts);
            if (!spec.hosts().contains(s.subject())) {
                continue;
            }
            int granted = granted(res);
            if (granted <= 0) {
                failure = true;
                continue;
            }
            if (heldOnly && steps.stream().anyMatch(x -> x.kind() == StepKind.RELEASE
                    && x.argument().equals(res.idempotencyKey()) && (x.state() == StepState.DONE
                    || x.state() == StepState.STARTED))) {
                continue;
            }
            long sharing = spec.hosts().stream().filter(partHosts::contains).count();
            Optional<Capacity> each = ctx.capacity(spec.instanceType(), spec.region());
            if (each.isEmpty()) {
                continue;
            }
            double share = granted / (double) Math.max(1, sharing);
            cpu += each.get().cpuCores() * share;
            mem += each.get().memoryGib() * share;
            net += each.get().networkGbps() * share;
            disk += each.get().diskMBps() * share;
        }
        return new Allocation(new AllocatedResources(cpu, mem, net, disk), failure);
    }

    // ---------------------------------------------------------------- verify, shadow

    private String verify(Rollout r, RolloutStep s, Consumer<String> progress) {
        // the host's health means something once its update has run: wait what the host said it takes,
        // from when its trigger was applied (a resume waits only what is left), watching the batch
        Optional<RolloutStep> update = journal.steps(r.id()).stream().filter(x -> x.kind() == StepKind.UPDATE
                && x.batch() == s.batch() && x.part() == s.part() && x.subject().equals(s.subject())
                && x.state() == StepState.DONE && x.seq() < s.seq()).reduce((a, b) -> b);
        Optional<Double> minutes = update.flatMap(RolloutStep::reportedUpdateMinutes);
        if (minutes.isPresent() && update.get().finishedAt().isPresent()) {
            Duration takes = Duration.ofMillis(Math.round(minutes.get() * 60_000));
            waitWatching(r, s, update.get().finishedAt().get(), r.onClock(takes), progress);
        }
        RolloutTuning.Backoff backoff = tuning.verify();
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            if (provider.healthy(r.account(), s.subject())) {
                return "healthy" + (attempt > 1 ? " (check " + attempt + ")" : "");
            }
            boolean more = attempt < backoff.attempts();
            Duration delay = backoff.delay(attempt, random);
            journal.note(entry(r, ENGINE_ACTOR, AuditKind.STEP, s.idempotencyKey(), "health check " + attempt + " of "
                    + backoff.attempts() + " of host " + s.subject() + " failed" + (more ? "; checked again in "
                    + millis(delay) : "")));
            progress.accept("  unhealthy " + s.describe() + ": check " + attempt + " of " + backoff.attempts());
            if (more) {
                sleep(r, delay);
            }
        }
        String reason = "host " + s.subject() + " failed its health check " + backoff.attempts() + " times after "
                + "its update";
        rollBackBatch(r, journal.steps(r.id()), s.batch(), s.part(), Optional.of(new Replan.Finish(s.seq(),
                StepState.FAILED, reason)), "Reactive rollback: " + reason, true, Optional.empty(), progress);
        throw new Replanned();
    }

    private String shadow(Rollout r, RolloutStep s, Consumer<String> progress) {
        String[] f = s.argument().split("\\|");
        String version = f[0];
        Duration period = Duration.ofMinutes(Long.parseLong(f[1]));
        Instant since = s.startedAt().orElseGet(clock::instant);
        waitWatching(r, s, since, r.onClock(period), progress);
        Instant from = r.planTime(since);
        ShadowReport report = provider.shadow(s.idempotencyKey(), r.account(), s.subject(), version, from,
                from.plus(period));
        String compared = "new version errors " + pct(report.newErrorRate()) + " vs old " + pct(report.oldErrorRate())
                + ", p95 " + Math.round(report.newLatencyMs()) + " vs " + Math.round(report.oldLatencyMs()) + " ms, "
                + (report.newHealthy() ? "healthy" : "unhealthy");
        if (report.newHealthy() && report.newErrorRate() <= report.oldErrorRate() + tuning.shadowTolerance() + EPS) {
            return "switched after " + period.toMinutes() + " min of shadow: " + compared;
        }
        // abandon: the host goes back to its previous version and skips its health check
        List<RolloutStep> steps = journal.steps(r.id());
        String previous = steps.stream().filter(x -> x.kind() == StepKind.UPDATE && x.batch() == s.batch()
                && x.part() == s.part() && x.subject().equals(s.subject()) && x.state() == StepState.DONE)
                .map(x -> previousVersion(x).orElse("")).findFirst().orElse("");
        String why = "shadow of " + version + " on " + s.subject() + " abandoned after " + period.toMinutes()
                + " min: " + compared + " (tolerance " + pct(tuning.shadowTolerance()) + ")";
        Replan.Builder b = new Replan.Builder().finish(s.seq(), StepState.DONE, "abandoned: " + compared);
        steps.stream().filter(x -> x.kind() == StepKind.VERIFY && x.batch() == s.batch() && x.part() == s.part()
                && x.subject().equals(s.subject()) && x.state() == StepState.PENDING)
                .forEach(x -> b.skip(x.seq(), "shadow abandoned; host rolled back"));
        if (!previous.isEmpty()) {
            b.insert(s.seq(), RolloutStep.pending(r.id(), 0, s.batch(), s.part(), StepKind.ROLLBACK, s.subject(),
                    previous));
        }
        String text = "Shadow mode: " + why + "; the host is rolled back to " + (previous.isEmpty() ? "its previous "
                + "version" : previous) + " and the batch goes on without it.";
        b.alert(alert(r, RolloutAlert.Severity.WARNING, s.subject(), text), "shadow/" + s.idempotencyKey());
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.ALERT, s.idempotencyKey(), text));
        progress.accept("  ABANDON  " + text);
        throw new Replanned();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static Optional<String> previousVersion(RolloutStep update) {
        String res = update.result().orElse("");
        return res.startsWith("from ") ? Optional.of(res.split(" ")[1]) : Optional.empty();
    }

    // ---------------------------------------------------------------- monitoring

    /**
     * One monitoring tick of the part that {@code step} belongs to: each service its hosts serve is
     * observed at plan time and compared with the forecast; a deviation raises a WARNING (once per
     * service and batch); a forecast headroom under the policy's rollback threshold before the
     * batch's planned end rolls the batch back and pauses the rollout; load that outgrows what the
     * capacity covers under the safety margin while the part's hosts are out reserves more surge.
     *
     * @return whether the part was replanned (rolled back, or surge added)
     */
    private boolean monitor(Rollout r, List<RolloutStep> steps, RolloutStep step, Optional<RolloutStep> inFlight,
                            Consumer<String> progress) {
        Context ctx = context(r);
        Set<String> services = new LinkedHashSet<>();
        steps.stream().filter(x -> x.kind() == StepKind.UPDATE && x.batch() == step.batch() && x.part() == step.part()
                && x.state() != StepState.SKIPPED).forEach(x -> services.addAll(ctx.servicesOf(x.subject())));
        Instant now = clock.instant();
        Instant planNow = r.planTime(now);
        Duration half = tuning.monitorTick().dividedBy(2);
        for (String service : services) {
            String key = r.id() + "/" + service;
            Instant last = lastCheck.get(key);
            if (last != null && Duration.between(last, planNow).compareTo(half) < 0) {
                continue;
            }
            lastCheck.put(key, planNow);
            Optional<ServiceObservation> seen;
            try {
                seen = provider.observe(r.account(), service, planNow);
            } catch (HeadroomException e) {
                raiseOnce(r, RolloutAlert.Severity.WARNING, service, "Service " + service + " could not be observed ("
                        + e.getMessage() + "); it is not monitored until it can be.", "unobservable/" + service);
                continue;
            }
            if (seen.isEmpty()) {
                raiseOnce(r, RolloutAlert.Severity.INFO, service, "The provider has no live sample of service "
                        + service + "; it is not monitored against the forecast.", "unobserved/" + service);
                continue;
            }
            ServiceObservation o = seen.get();
            Optional<PredictedLoad.Band> band = ctx.predicted().at(service, planNow);
            double capacity = o.inServiceCores() + o.surgeCores();
            journal.loadCheck(new LoadCheck(r.id(), step.batch(), service, planNow,
                    band.map(PredictedLoad.Band::median).orElse(Double.NaN),
                    band.map(PredictedLoad.Band::upper).orElse(Double.NaN), o.loadCores(), capacity));
            if (band.isEmpty()) {
                raiseOnce(r, RolloutAlert.Severity.INFO, service, "No forecast of service " + service + " at plan time "
                        + planNow + (ctx.forecastProblem.isEmpty() ? "" : " (" + ctx.forecastProblem + ")")
                        + "; its load is recorded but not judged.", "no-forecast/" + service);
                continue;
            }
            if (o.loadCores() > band.get().upper() + EPS) {
                raiseOnce(r, RolloutAlert.Severity.WARNING, service, String.format(Locale.ROOT, "Service %s carries "
                        + "%.1f cores at %s, above the forecast's %.1f (median %.1f) during batch %s. The rollout goes "
                        + "on; it pauses and rolls the batch back if headroom is forecast to fall under the threshold.",
                        service, o.loadCores(), planNow, band.get().upper(), band.get().median(), step.batchLabel()),
                        "deviation/b" + step.batch() + "/" + service);
            }
            if (adjustSurge(r, ctx, steps, step, inFlight, service, o, band.get(), planNow, progress)) {
                return true;
            }
            Optional<String> risk = predictedBreach(r, ctx, step, service, o, band.get(), planNow);
            if (risk.isPresent()) {
                rollBackBatch(r, steps, step.batch(), step.part(), inFlight.map(f -> new Replan.Finish(f.seq(),
                        StepState.SKIPPED, "interrupted: batch rolled back")), risk.get(), true, Optional.empty(), progress);
                return true;
            }
            if (releaseUnusedSurge(r, ctx, steps, step, inFlight, service, o, band.get(), planNow, progress)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Seed 000's dynamic adjustment. While the part's updated hosts of {@code service} are out (before
     * its restore), when the load expected by the batch's planned end (observed now, moved up by
     * the observed trend or the forecast's rise, whichever is more) needs more capacity than is in
     * service plus surge under the policy's safety margin, a reservation of the shortfall is added
     * to the part (the hosts' own region and instance type) and released with the part's own.
     * Between steps it runs next; during a host's update wait that wait ends, the reservation is
     * made and the host's health check waits again for what is left. At most
     * {@link #ADJUSTMENTS_PER_PART} per service and part; a refused adjustment is alerted and the
     * predictive pause stays the safeguard.
     *
     * @return whether surge was added (the part replanned)
     */
    private boolean adjustSurge(Rollout r, Context ctx, List<RolloutStep> steps, RolloutStep step,
                                Optional<RolloutStep> inFlight, String service, ServiceObservation o,
                                PredictedLoad.Band band, Instant planNow, Consumer<String> progress) {
        if (inFlight.isPresent() && inFlight.get().kind() != StepKind.VERIFY) {
            return false;
        }
        int batch = step.batch();
        int part = step.part();
        List<RolloutStep> partSteps = steps.stream().filter(x -> x.batch() == batch && x.part() == part).toList();
        if (partSteps.stream().anyMatch(x -> x.kind() == StepKind.RESTORE && !compensation(x)
                && (x.state() == StepState.DONE || x.state() == StepState.STARTED))) {
            return false;
        }
        List<String> out = partSteps.stream().filter(x -> x.kind() == StepKind.UPDATE && x.state() == StepState.DONE
                && ctx.servicesOf(x.subject()).contains(service)).map(RolloutStep::subject).toList();
        String prefix = "adjust" + "/" + service + "/";
        List<RolloutStep> earlier = partSteps.stream().filter(x -> x.kind() == StepKind.RESERVE
                && x.subject().startsWith(prefix)).toList();
        if (out.isEmpty() || earlier.size() >= ADJUSTMENTS_PER_PART || earlier.stream().anyMatch(x ->
                x.state() == StepState.PENDING || x.state() == StepState.STARTED)) {
            return false;
        }
        Instant end = r.settings().batchEnds().getOrDefault(batch, planNow);
        double rise = Math.max(0, ctx.predicted().at(service, end).map(b -> b.median() - band.median()).orElse(0.0));
        List<LoadCheck> ticks = journal.loadChecks(r.id()).stream().filter(c -> c.batch() == batch
                && c.service().equals(service)).toList();
        ticks = ticks.subList(Math.max(0, ticks.size() - tuning.trendTicks()), ticks.size());
        double ahead = Math.max(0, Duration.between(planNow, end).toSeconds());
        double expected = o.loadCores() + Math.max(rise, Math.max(0, slope(ticks) * ahead));
        double margin = ctx.policy.safetyMargin();
        double capacity = o.inServiceCores() + o.surgeCores();
        double shortfall = expected / (1 - margin) - capacity;
        String[] where = ctx.placement.get(out.get(0));
        if (shortfall <= EPS || where == null) {
            return false;
        }
        double perInstance = ctx.capacity(where[1], where[0]).map(Capacity::cpuCores)
                .orElse(ctx.cores.getOrDefault(out.get(0), 0.0));
        if (perInstance <= 0) {
            return false;
        }
        int count = (int) Math.ceil(shortfall / perInstance - EPS);
        ReserveSpec spec = new ReserveSpec(service, where[0], where[1], count, out);
        String subject = prefix + (earlier.size() + 1) + ":" + where[0] + "/" + where[1];
        RolloutStep reserve = RolloutStep.pending(r.id(), 0, batch, part, StepKind.RESERVE, subject, spec.argument());
        RolloutStep release = RolloutStep.pending(r.id(), 0, batch, part, StepKind.RELEASE, subject,
                reserve.idempotencyKey());
        int last = partSteps.stream().filter(RolloutService::batchWork).mapToInt(RolloutStep::seq).max()
                .orElse(step.seq());
        Replan.Builder b = new Replan.Builder();
        if (inFlight.isPresent()) {
            RolloutStep wait = inFlight.get();
            b.finish(wait.seq(), StepState.SKIPPED, "interrupted: surge adjusted");
            b.insert(wait.seq(), reserve);
            b.insert(wait.seq(), new RolloutStep(r.id(), 0, batch, part, StepKind.VERIFY, wait.subject(),
                    wait.argument(), wait.idempotencyKey() + "/after-" + subject.substring(0, subject.indexOf(':')),
                    StepState.PENDING, 0, Optional.empty(), Optional.empty(), Optional.empty()));
        } else {
            b.insert(step.seq() - 1, reserve);
        }
        b.insert(last, release);
        String text = String.format(Locale.ROOT, "Surge adjusted: service %s carries %.1f cores at %s (forecast "
                        + "upper %.1f) and is expected at %.1f by batch %s's planned end %s; its %.1f cores in service "
                        + "and surge cover %.1f under the %s safety margin. %d more %s reserved in %s for the rest of "
                        + "the batch, released with its own.", service, o.loadCores(), planNow, band.upper(), expected,
                step.batchLabel(), end, capacity, capacity * (1 - margin), pct(margin), count, where[1], where[0]);
        b.alert(alert(r, RolloutAlert.Severity.WARNING, service, text), "adjust/" + reserve.idempotencyKey());
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.RESERVATION, reserve.idempotencyKey(),
                text));
        progress.accept("  ADJUST   " + text);
        return true;
    }

    /**
     * Seed 000's release of unused resources, the counterpart of {@link #adjustSurge}. While the
     * part's hosts of {@code service} are out, when the service has run under the forecast's median
     * for the last {@link RolloutTuning#trendTicks()} ticks, one whole reservation of the part for
     * that service (the provider releases reservations whole; the newest adjustment first, then the
     * largest that fits) is released before the part's end if the capacity left still covers, under
     * the safety margin, the load expected by the batch's planned end (observed now, moved up by the
     * observed trend or the forecast's rise) plus the forecast's spread above its median. The spread
     * keeps the interval the plan covered, re-anchored at the load actually seen; it is also the
     * hysteresis that keeps a release from being followed at once by an adjustment.
     *
     * @return whether a reservation was released (the part replanned)
     */
    private boolean releaseUnusedSurge(Rollout r, Context ctx, List<RolloutStep> steps, RolloutStep step,
                                       Optional<RolloutStep> inFlight, String service, ServiceObservation o,
                                       PredictedLoad.Band band, Instant planNow, Consumer<String> progress) {
        if (inFlight.isPresent() && inFlight.get().kind() != StepKind.VERIFY) {
            return false;
        }
        int batch = step.batch();
        int part = step.part();
        List<RolloutStep> partSteps = steps.stream().filter(x -> x.batch() == batch && x.part() == part).toList();
        if (partSteps.stream().anyMatch(x -> x.kind() == StepKind.RESTORE && !compensation(x)
                && (x.state() == StepState.DONE || x.state() == StepState.STARTED))
                || partSteps.stream().noneMatch(x -> x.kind() == StepKind.UPDATE && x.state() == StepState.DONE
                && ctx.servicesOf(x.subject()).contains(service))) {
            return false;
        }
        List<LoadCheck> ticks = journal.loadChecks(r.id()).stream().filter(c -> c.batch() == batch
                && c.service().equals(service)).toList();
        ticks = ticks.subList(Math.max(0, ticks.size() - tuning.trendTicks()), ticks.size());
        if (ticks.size() < tuning.trendTicks() || ticks.stream().anyMatch(c -> Double.isNaN(c.predictedMedian())
                || c.actualLoad() >= c.predictedMedian())) {
            return false;
        }
        Instant end = r.settings().batchEnds().getOrDefault(batch, planNow);
        double rise = Math.max(0, ctx.predicted().at(service, end).map(b -> b.median() - band.median()).orElse(0.0));
        double ahead = Math.max(0, Duration.between(planNow, end).toSeconds());
        double expected = o.loadCores() + Math.max(rise, Math.max(0, slope(ticks) * ahead));
        double spread = Math.max(0, band.upper() - band.median());
        double margin = ctx.policy.safetyMargin();
        double capacity = o.inServiceCores() + o.surgeCores();
        double spare = capacity * (1 - margin) - expected - spread;
        record Held(RolloutStep reserve, RolloutStep release, double cores) { }
        List<Held> held = new ArrayList<>();
        for (RolloutStep res : partSteps) {
            if (res.kind() != StepKind.RESERVE || res.state() != StepState.DONE) {
                continue;
            }
            ReserveSpec spec = ReserveSpec.parse(res.argument(), List.of());
            int granted = granted(res);
            Optional<RolloutStep> release = partSteps.stream().filter(x -> x.kind() == StepKind.RELEASE
                    && x.state() == StepState.PENDING && !compensation(x)
                    && x.argument().equals(res.idempotencyKey())).findFirst();
            double perInstance = ctx.capacity(spec.instanceType(), spec.region()).map(Capacity::cpuCores).orElse(0.0);
            if (spec.service().equals(service) && granted > 0 && release.isPresent() && perInstance > 0) {
                held.add(new Held(res, release.get(), granted * perInstance * (1 - margin)));
            }
        }
        Optional<Held> pick = held.stream().filter(h -> h.reserve().subject().startsWith("adjust/")
                && h.cores() <= spare + EPS).reduce((a, b) -> b)
                .or(() -> held.stream().filter(h -> h.cores() <= spare + EPS)
                        .max(Comparator.comparingDouble(Held::cores)));
        if (pick.isEmpty()) {
            return false;
        }
        RolloutStep res = pick.get().reserve();
        RolloutStep early = RolloutStep.pending(r.id(), 0, batch, part, StepKind.RELEASE, "unused:" + res.subject(),
                res.idempotencyKey());
        Replan.Builder b = new Replan.Builder();
        b.skip(pick.get().release().seq(), "released early: load under the forecast");
        if (inFlight.isPresent()) {
            RolloutStep wait = inFlight.get();
            b.finish(wait.seq(), StepState.SKIPPED, "interrupted: unused surge released");
            b.insert(wait.seq(), early);
            b.insert(wait.seq(), new RolloutStep(r.id(), 0, batch, part, StepKind.VERIFY, wait.subject(),
                    wait.argument(), wait.idempotencyKey() + "/after-release/" + res.subject(), StepState.PENDING, 0,
                    Optional.empty(), Optional.empty(), Optional.empty()));
        } else {
            b.insert(step.seq() - 1, early);
        }
        ReserveSpec spec = ReserveSpec.parse(res.argument(), List.of());
        double mean = ticks.stream().mapToDouble(c -> c.actualLoad() / c.predictedMedian()).average().orElse(1);
        String text = String.format(Locale.ROOT, "Unused surge released: service %s has run at %.0f%% of the forecast "
                        + "median over the last %d ticks (%.1f cores at %s, median %.1f); %.1f cores are expected by "
                        + "batch %s's planned end %s, and without reservation %s (%d %s in %s) the %.1f cores left cover "
                        + "that plus the forecast's spread of %.1f under the %s safety margin. It is released now "
                        + "instead of after the stabilisation.", service, mean * 100, ticks.size(), o.loadCores(),
                planNow, band.median(), expected, step.batchLabel(), end, res.subject(), granted(res),
                spec.instanceType(), spec.region(), capacity - pick.get().cores() / (1 - margin), spread, pct(margin));
        b.alert(alert(r, RolloutAlert.Severity.INFO, service, text), "unused/" + res.idempotencyKey());
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.RESERVATION, res.idempotencyKey(), text));
        progress.accept("  RELEASE  " + text);
        return true;
    }

    /**
     * The headroom fraction at the batch's planned end, from the observed headroom now moved by
     * the observed trend (least squares over the last ticks) and by the forecast's change of load;
     * the lower of the two. A text for the operator when it falls under the rollback threshold.
     */
    private Optional<String> predictedBreach(Rollout r, Context ctx, RolloutStep step, String service,
                                             ServiceObservation o, PredictedLoad.Band now, Instant planNow) {
        double threshold = ctx.policy.rollbackThreshold();
        Instant end = r.settings().batchEnds().getOrDefault(step.batch(), planNow);
        if (end.isBefore(planNow.plus(tuning.monitorTick()))) {
            end = planNow.plus(tuning.monitorTick());
        }
        double capacity = o.inServiceCores() + o.surgeCores();
        double headroom = o.headroomFraction();
        double change = ctx.predicted().at(service, end).map(b -> b.median() - now.median()).orElse(0.0);
        double byForecast = capacity <= 0 ? headroom : (capacity - o.loadCores() - change) / capacity;
        List<LoadCheck> ticks = journal.loadChecks(r.id()).stream().filter(c -> c.batch() == step.batch()
                && c.service().equals(service)).toList();
        ticks = ticks.subList(Math.max(0, ticks.size() - tuning.trendTicks()), ticks.size());
        // the trend is the load's, not the headroom's: capacity falling while the batch's own hosts drain
        // is planned, not a trend
        double slope = slope(ticks);
        double ahead = Duration.between(planNow, end).toSeconds();
        double byTrend = capacity <= 0 ? headroom : (capacity - o.loadCores() - slope * ahead) / capacity;
        double predicted = Math.min(headroom, Math.min(byForecast, byTrend));
        if (predicted >= threshold) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Predictive pause: service %s's headroom is %s now and "
                        + "forecast to fall to %s by %s (plan time, batch %s's planned end; load trend %s per hour, forecast "
                        + "load change %+.1f cores), under the rollback threshold %s", service, pct(headroom),
                pct(predicted), end, step.batchLabel(), String.format(Locale.ROOT, "%+.2f cores", slope * 3600),
                change, pct(threshold)));
    }

    /** Least-squares slope of observed load, in cores per second of plan time; 0 with fewer than two ticks. */
    static double slope(List<LoadCheck> ticks) {
        if (ticks.size() < 2) {
            return 0;
        }
        Instant t0 = ticks.get(0).planTime();
        double n = ticks.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (LoadCheck c : ticks) {
            double x = Duration.between(t0, c.planTime()).toMillis() / 1000.0;
            double y = c.actualLoad();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double d = n * sxx - sx * sx;
        return Math.abs(d) < EPS ? 0 : (n * sxy - sx * sy) / d;
    }

    private void raiseOnce(Rollout r, RolloutAlert.Severity severity, String subject, String text, String topic) {
        // the journal keeps it once-only across processes; this only saves a write per tick
        if (raised.add(r.id() + "/" + topic)) {
            journal.alert(alert(r, severity, subject, text), topic, entry(r, ENGINE_ACTOR, AuditKind.ALERT, subject,
                    text));
        }
    }

    private RolloutAlert alert(Rollout r, RolloutAlert.Severity severity, String subject, String text) {
        return new RolloutAlert(r.id(), clock.instant(), severity, subject, text);
    }

    // ---------------------------------------------------------------- rollback of a batch, abort

    /**
     * Rolls batch {@code batch} back and pauses: pending steps of its current part are skipped;
     * its updated hosts go back to their previous version lowest capacity first; reservations
     * the batch still holds are released; a hold pauses the rollout with the reason; with
     * {@code requeue}, the part's hosts are queued again as the batch's next part, to run on resume.
     */
    private void rollBackBatch(Rollout r, List<RolloutStep> steps, int batch, int part, Optional<Replan.Finish> finish,
                               String reason, boolean requeue, Optional<String> operator, Consumer<String> progress) {
        List<RolloutStep> partSteps = steps.stream().filter(x -> x.batch() == batch && x.part() == part).toList();
        int last = requeue ? partSteps.stream().mapToInt(RolloutStep::seq).max().orElseThrow()
                : steps.stream().filter(x -> x.state() != StepState.PENDING).mapToInt(RolloutStep::seq).max().orElse(0);
        String label = part == 0 ? Integer.toString(batch) : batch + "." + part;
        Replan.Builder b = new Replan.Builder();
        if (operator.isPresent()) {
            b.clearRequest();
        }
        finish.ifPresent(f -> b.finish(f.seq(), f.state(), f.result()));
        if (requeue) {
            partSteps.stream().filter(x -> x.state() == StepState.PENDING && batchWork(x)).forEach(x -> b.skip(x.seq(),
                    x.kind() == StepKind.UPDATE ? "rolled back: batch " + label + " queued again" : "batch rolled back"));
        }
        List<String> hosts = new ArrayList<>();
        for (RolloutStep rb : rollbacks(r, steps, batch, part)) {
            b.insert(last, rb);
            hosts.add(rb.subject());
        }
        // a rollback is an update: it drains the host, which the part's own restore (skipped or done) no longer covers
        Set<String> drained = new LinkedHashSet<>(hosts);
        steps.stream().filter(x -> x.batch() == batch && (x.kind() == StepKind.UPDATE || x.kind() == StepKind.ROLLBACK)
                && x.state() == StepState.DONE).forEach(x -> drained.add(x.subject()));
        if (!drained.isEmpty()) {
            b.insert(last, restoreAfter(r, steps, batch, part, "rollback:restore", drained));
        }
        int released = 0;
        for (RolloutStep res : held(steps, finish)) {
            if (res.batch() == batch && (requeue || res.part() == part)) {
                b.insert(last, RolloutStep.pending(r.id(), 0, batch, part, StepKind.RELEASE, "rollback:"
                        + res.subject(), res.idempotencyKey()));
                released++;
            }
        }
        String what = reason + ". Batch " + label + " is rolled back (" + (hosts.isEmpty() ? "no host was updated"
                : String.join(", ", hosts) + ", lowest capacity first") + "; " + released + " reservations released) "
                + "and the rollout paused. " + (requeue ? "Resume to run the batch again, skip a host with \"headroom "
                + "rollout skip-host " + r.id() + " HOST\", or abort." : "Resume to go on, or abort.");
        b.insert(last, RolloutStep.pending(r.id(), 0, batch, part, StepKind.HOLD, operator.isPresent()
                ? "hold:operator" : "hold:rollback", what));
        if (requeue) {
            requeueAfterRollback(r, steps, batch, part, last, b);
        }
        b.alert(alert(r, operator.isPresent() ? RolloutAlert.Severity.WARNING : RolloutAlert.Severity.CRITICAL,
                "batch " + label, what), null);
        journal.replan(r.id(), b.build(), entry(r, operator.orElse(ENGINE_ACTOR), operator.isPresent()
                ? AuditKind.OPERATOR_ACTION : AuditKind.ALERT, r.id(), what));
        progress.accept("  ROLLBACK " + what);
    }

    private void requeueAfterRollback(Rollout r, List<RolloutStep> steps, int batch, int part, int after,
                                      Replan.Builder b) {
        // the updates of the part that were done or pending are queued again; left-out and skipped hosts stay out
        List<RolloutStep> marked = new ArrayList<>();
        for (RolloutStep x : steps) {
            if (x.kind() == StepKind.UPDATE && x.batch() == batch && x.part() == part
                    && (x.state() == StepState.DONE || x.state() == StepState.PENDING
                    || x.state() == StepState.STARTED)) {
                marked.add(new RolloutStep(x.rolloutId(), x.seq(), x.batch(), x.part(), x.kind(), x.subject(),
                        x.argument(), x.idempotencyKey(), StepState.SKIPPED, x.attempts(), x.startedAt(),
                        x.finishedAt(), Optional.of("rolled back:")));
            } else {
                marked.add(x);
            }
        }
        requeue(r, marked, batch, part, after, b);
    }

    /**
     * Rollback steps for the hosts of {@code batch} that are on the new version (their update done
     * and no rollback done or pending since), lowest CPU capacity first.
     */
    private List<RolloutStep> rollbacks(Rollout r, List<RolloutStep> steps, int batch, int part) {
        Map<String, String> previous = new LinkedHashMap<>();
        for (RolloutStep s : steps) {
            if (s.batch() != batch) {
                continue;
            }
            if (s.kind() == StepKind.UPDATE && s.state() == StepState.DONE) {
                previousVersion(s).ifPresent(v -> previous.putIfAbsent(s.subject(), v));
            } else if (s.kind() == StepKind.UPDATE && (s.state() == StepState.FAILED
                    || s.state() == StepState.STARTED) && !previous.containsKey(s.subject())) {
                // failed or unanswered, yet the provider may have applied it (a reply lost after the action)
                appliedBefore(r, s).ifPresent(v -> previous.put(s.subject(), v));
            } else if (s.kind() == StepKind.ROLLBACK && s.state() != StepState.SKIPPED
                    && s.state() != StepState.FAILED) {
                previous.remove(s.subject());
            }
        }
        Context ctx = context(r);
        List<String> order = new ArrayList<>(previous.keySet());
        order.sort(Comparator.comparingDouble((String h) -> ctx.cores.getOrDefault(h, 0.0))
                .thenComparing(Comparator.naturalOrder()));
        List<RolloutStep> out = new ArrayList<>();
        for (String h : order) {
            out.add(RolloutStep.pending(r.id(), 0, batch, part, StepKind.ROLLBACK, h, previous.get(h)));
        }
        return out;
    }

    /**
     * A restore of {@code hosts} after rollbacks, its subject made unique within the part (its key
     * derives from it, and a part may be rolled back more than once).
     */
    private static RolloutStep restoreAfter(Rollout r, List<RolloutStep> steps, int batch, int part, String subject,
                                            Set<String> hosts) {
        long earlier = steps.stream().filter(x -> x.kind() == StepKind.RESTORE && x.batch() == batch
                && x.part() == part && x.subject().startsWith(subject)).count();
        List<String> sorted = new ArrayList<>(hosts);
        Collections.sort(sorted);
        return RolloutStep.pending(r.id(), 0, batch, part, StepKind.RESTORE, earlier == 0 ? subject
                : subject + "-" + (earlier + 1), String.join(",", sorted));
    }

    /** The version the host had before the update step's trigger, when the provider applied one of its triggers. */
    private Optional<String> appliedBefore(Rollout r, RolloutStep update) {
        for (int attempt = 1; attempt <= tuning.deferral().attempts(); attempt++) {
            String key = attempt == 1 ? update.idempotencyKey() : update.idempotencyKey() + "+" + attempt;
            Optional<String> before = provider.appliedUpdate(r.account(), key);
            if (before.isPresent()) {
                return before;
            }
        }
        return Optional.empty();
    }

    /**
     * The failed step that stopped the rollout: the last planned step that ran, when it failed.
     * Earlier failures are history (their batch was rolled back or deferred and ran again).
     */
    private static Optional<RolloutStep> currentFailure(List<RolloutStep> steps) {
        return steps.stream().filter(s -> !compensation(s) && (s.state() == StepState.DONE
                || s.state() == StepState.FAILED || s.state() == StepState.STARTED)).reduce((a, b) -> b)
                .filter(s -> s.state() == StepState.FAILED);
    }

    /**
     * An abort planned by a version that did not mark it: its compensation steps are there and
     * nothing planned is pending. (Before the mark, an abort was planned only while a planned step
     * was pending, and that planning skipped them all.)
     */
    private static boolean plannedBeforeMark(List<RolloutStep> steps) {
        return steps.stream().anyMatch(s -> s.subject().startsWith("abort:"))
                && steps.stream().noneMatch(s -> s.state() == StepState.PENDING && !compensation(s));
    }

    /** Reserve steps whose reservation is still held: done, and no release done or to come (pending compensation). */
    private static List<RolloutStep> held(List<RolloutStep> steps, Optional<Replan.Finish> finishing) {
        List<RolloutStep> out = new ArrayList<>();
        for (RolloutStep res : steps) {
            // tried but unanswered (failed, or in flight) may have been granted: released too, harmlessly if not
            if (res.kind() != StepKind.RESERVE || !(res.state() == StepState.DONE || res.attempts() > 0)) {
                continue;
            }
            boolean released = steps.stream().anyMatch(s -> s.kind() == StepKind.RELEASE
                    && s.argument().equals(res.idempotencyKey()) && (s.state() == StepState.DONE
                    || s.state() == StepState.STARTED || (s.state() == StepState.PENDING && compensation(s))));
            if (!released) {
                out.add(res);
            }
        }
        return out;
    }

    /**
     * Abort: releases every reservation still held and puts the current batch's updated hosts back
     * on their previous version, lowest capacity first; earlier batches keep the new version.
     * Planned in one transaction with the skipping of every pending step that is not compensation.
     */
    private void planCompensation(Rollout r, List<RolloutStep> steps, Optional<RolloutStep> interrupted,
                                  Consumer<String> progress) {
        Optional<RolloutStep> firstPending = steps.stream().filter(s -> s.state() == StepState.PENDING
                && !compensation(s)).findFirst();
        // the batch part being worked on: the interrupted wait's, the failed step's (unless it only gave
        // surge back after the stabilisation: that part is finished), or the next pending step's; none
        // when the rollout's last step failed giving surge back
        Optional<RolloutStep> at = interrupted.or(() -> currentFailure(steps).filter(f -> f.kind() != StepKind.RELEASE))
                .or(() -> firstPending);
        RolloutStep lastWork = steps.stream().filter(s -> !compensation(s)).reduce((a, b2) -> b2).orElseThrow();
        int current = at.orElse(lastWork).batch();
        int part = at.orElse(lastWork).part();
        Replan.Builder b = new Replan.Builder().compensationPlanned();
        interrupted.ifPresent(s -> b.finish(s.seq(), StepState.SKIPPED, "interrupted by the abort"));
        steps.stream().filter(s -> s.state() == StepState.PENDING && !compensation(s)).forEach(s -> b.skip(s.seq(),
                "skipped by the abort"));
        int last = steps.size();
        List<RolloutStep> rollbacks = at.isPresent() ? rollbacks(r, steps, current, part) : List.of();
        rollbacks.forEach(s -> b.insert(last, s));
        // every host the rollout took out of service goes back: an abort leaves nothing drained
        Set<String> drained = new LinkedHashSet<>();
        rollbacks.forEach(s -> drained.add(s.subject()));
        steps.stream().filter(s -> (s.kind() == StepKind.UPDATE || s.kind() == StepKind.ROLLBACK)
                && s.state() == StepState.DONE).forEach(s -> drained.add(s.subject()));
        if (!drained.isEmpty()) {
            b.insert(last, restoreAfter(r, steps, current, part, "abort:restore", drained));
        }
        int releases = 0;
        for (RolloutStep reserve : held(steps, Optional.empty())) {
            b.insert(last, RolloutStep.pending(r.id(), 0, reserve.batch(), reserve.part(), StepKind.RELEASE,
                    "abort:" + reserve.subject(), reserve.idempotencyKey()));
            releases++;
        }
        journal.replan(r.id(), b.build(), entry(r, ENGINE_ACTOR, AuditKind.STEP, r.id(), "abort planned at "
                + "batch " + current + ": " + rollbacks.size() + " hosts to roll back (lowest capacity first), "
                + releases + " reservations to release"));
        progress.accept("Abort of " + r.id() + ": " + rollbacks.size() + " hosts to roll back, " + releases
                + " reservations to release.");
    }

    /** An operator's request, carried out by the driver between two steps. */
    /**
     * Whether the operator's request can be carried out now. Rolling back another batch than the
     * current one drains that batch's hosts again: while the current part's updated hosts are out of
     * service that would put two batches out at once, under the capacity floor the plan was
     * approved for, so it waits until the current part is restored.
     */
    private boolean requestDue(Rollout r, List<RolloutStep> steps, Consumer<String> progress) {
        String[] f = r.settings().request().split(":", 3);
        if (!f[0].equals("rollback-batch") || f.length < 3) {
            return true;
        }
        int requested = Integer.parseInt(f[1]);
        // a rollback drains hosts: while hosts of another batch are out (its update or its own rollback
        // not yet restored), draining these too would put two batches out below the approved floor
        Map<String, Integer> out = hostsOutOfService(steps);
        Set<Integer> others = new TreeSet<>(out.values());
        others.remove(requested);
        if (others.isEmpty()) {
            return true;
        }
        if (postponed.add(r.id() + "/" + r.settings().request() + "/" + out)) {
            progress.accept("  waiting  rollback of batch " + requested + " until the hosts of batch "
                    + others.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " are back in service ("
                    + String.join(", ", out.keySet()) + "); two batches out at once would break the capacity floor");
        }
        return false;
    }

    /**
     * The hosts the journal has out of service, each with the batch that took it out: an update or
     * a rollback took it out (both drain the host) and no later traffic restore named it.
     */
    static Map<String, Integer> hostsOutOfService(List<RolloutStep> steps) {
        Map<String, Integer> out = new TreeMap<>();
        steps.stream().sorted(Comparator.comparingInt(RolloutStep::seq)).forEach(s -> {
            if ((s.kind() == StepKind.UPDATE || s.kind() == StepKind.ROLLBACK) && s.state() == StepState.DONE) {
                out.put(s.subject(), s.batch());
            } else if (s.kind() == StepKind.RESTORE && s.state() == StepState.DONE && !s.argument().isEmpty()) {
                for (String host : s.argument().split(",")) {
                    out.remove(host);
                }
            }
        });
        return out;
    }

    private void carryOut(Rollout r, List<RolloutStep> steps, Optional<RolloutStep> inFlight,
                          Consumer<String> progress) {
        String[] f = r.settings().request().split(":", 3);
        if (!f[0].equals("rollback-batch") || f.length < 3) {
            journal.request(r.id(), "", Optional.empty(), "", entry(r, ENGINE_ACTOR, AuditKind.STEP, r.id(),
                    "dropped unknown request " + r.settings().request()));
            return;
        }
        int batch = Integer.parseInt(f[1]);
        String actor = f[2];
        Optional<RolloutStep> current = inFlight.or(() -> steps.stream().filter(s -> s.state() == StepState.PENDING
                && batchWork(s)).findFirst());
        boolean isCurrent = current.isPresent() && current.get().batch() == batch;
        int part = isCurrent ? current.get().part() : steps.stream().filter(s -> s.batch() == batch)
                .mapToInt(RolloutStep::part).max().orElse(0);
        rollBackBatch(r, steps, batch, part, inFlight.map(x -> new Replan.Finish(x.seq(), StepState.SKIPPED,
                "interrupted: batch rolled back by " + actor)), "Rolled back by " + actor, isCurrent,
                Optional.of(actor), progress);
    }

    // ---------------------------------------------------------------- operator controls

    /** Stops the rollout before its next step; the step in flight finishes (a wait stops at its next tick). */
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
     * lowest capacity first, and pauses the rollout. The current batch is queued again (its pending
     * steps skipped, its reservations released) to run when the rollout is resumed; an earlier batch
     * is only rolled back. Recorded now with its audit record and carried out by the driver between
     * two steps ({@link #drive} next, or the driver that holds the rollout).
     *
     * @throws HeadroomException when the rollout is finished or aborting, has no such batch, or
     *                           nothing of that batch is updated and it is not the current one
     */
    public Rollout rollbackBatch(String id, int batch, String actor) {
        Rollout r = rollout(id);
        if (r.status().finished() || r.status() == RolloutStatus.ABORTING) {
            throw new HeadroomException("Rollout " + id + " is " + r.status().label() + "; no batch was rolled back.");
        }
        List<RolloutStep> steps = journal.steps(id);
        int max = steps.stream().mapToInt(RolloutStep::batch).max().orElse(0);
        if (steps.stream().noneMatch(s -> s.batch() == batch)) {
            throw new HeadroomException("Rollout " + id + " has no batch " + batch + "; its batches are 1 to " + max
                    + ". Nothing was rolled back.");
        }
        Optional<RolloutStep> current = steps.stream().filter(s -> (s.state() == StepState.PENDING
                || s.state() == StepState.STARTED || s.state() == StepState.FAILED) && batchWork(s)
                && !(s.state() == StepState.FAILED && r.status() != RolloutStatus.FAILED)).findFirst();
        boolean isCurrent = current.isPresent() && current.get().batch() == batch;
        if (r.status() == RolloutStatus.FAILED && !isCurrent) {
            throw new HeadroomException("Rollout " + id + " failed in batch " + current.map(RolloutStep::batch)
                    .orElse(0) + "; only that batch can be rolled back now. Nothing was rolled back.");
        }
        if (!isCurrent && rollbacks(r, steps, batch, 0).isEmpty()) {
            throw new HeadroomException("No host of batch " + batch + " of rollout " + id + " is on the new version; "
                    + "nothing was rolled back.");
        }
        if (!r.settings().request().isEmpty()) {
            throw new HeadroomException("Rollout " + id + " already has a request waiting for its driver ("
                    + r.settings().request() + "); nothing more was recorded. Let it be carried out first.");
        }
        Optional<RolloutStatus> status = r.status() == RolloutStatus.RUNNING ? Optional.empty()
                : Optional.of(RolloutStatus.RUNNING);
        journal.request(id, "rollback-batch:" + batch + ":" + actor, status, "rollback of batch " + batch
                + " requested by " + actor, entry(r, actor, AuditKind.OPERATOR_ACTION, id, "requested the rollback of "
                + "batch " + batch + " of rollout " + id));
        return rollout(id);
    }

    /**
     * Leaves host {@code host} out of the rollout: its pending update, shadow and health check are
     * skipped (it stays on the version it has) and it is taken off its batch's traffic restore.
     *
     * @throws HeadroomException when the rollout is finished or aborting, has no such host, or the
     *                           host has nothing pending (already updated: roll its batch back instead)
     */
    public Rollout skipHost(String id, String host, String actor) {
        Rollout r = rollout(id);
        if (r.status().finished() || r.status() == RolloutStatus.ABORTING) {
            throw new HeadroomException("Rollout " + id + " is " + r.status().label() + "; no host was skipped.");
        }
        List<RolloutStep> steps = journal.steps(id);
        List<RolloutStep> mine = steps.stream().filter(s -> s.subject().equals(host) && (s.kind() == StepKind.UPDATE
                || s.kind() == StepKind.SHADOW || s.kind() == StepKind.VERIFY)).toList();
        if (mine.isEmpty()) {
            throw new HeadroomException("Rollout " + id + " does not update host " + host + "; nothing was skipped. "
                    + "See its hosts with \"headroom rollout status " + id + "\".");
        }
        if (mine.stream().anyMatch(s -> s.state() == StepState.STARTED)) {
            throw new HeadroomException("Host " + host + " has a step in flight in rollout " + id + "; nothing was "
                    + "skipped. Pause the rollout, then skip the host, or roll its batch back.");
        }
        List<RolloutStep> pending = mine.stream().filter(s -> s.state() == StepState.PENDING).toList();
        if (pending.isEmpty()) {
            throw new HeadroomException("Host " + host + " has no pending step in rollout " + id + " (it is updated "
                    + "or already left out); nothing was skipped. To undo its update, roll its batch back: "
                    + "headroom rollout rollback-batch " + id + " BATCH");
        }
        boolean updated = pending.stream().noneMatch(s -> s.kind() == StepKind.UPDATE);
        Replan.Builder b = new Replan.Builder();
        pending.forEach(s -> b.skip(s.seq(), "skipped by " + actor));
        for (RolloutStep s : steps) {
            if (s.kind() == StepKind.RESTORE && s.state() == StepState.PENDING && pending.stream()
                    .anyMatch(p -> p.kind() == StepKind.UPDATE && p.batch() == s.batch() && p.part() == s.part())) {
                List<String> rest = new ArrayList<>(List.of(s.argument().split(",")));
                rest.remove(host);
                b.argument(s.seq(), String.join(",", rest));
            }
        }
        String text = "Host " + host + " skipped by " + actor + ": " + pending.size() + " pending steps skipped"
                + (updated ? "; it is already updated, only its later steps are skipped" : "; it stays on its version");
        b.alert(alert(r, RolloutAlert.Severity.INFO, host, text + "."), null);
        journal.replan(id, b.build(), entry(r, actor, AuditKind.OPERATOR_ACTION, host, text + " (rollout " + id + ")"));
        return rollout(id);
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

    // ---------------------------------------------------------------- context

    /** What a driver needs to know about a rollout's fleet and plan, read once per drive. */
    private static final class Context {
        final Policy policy;
        final Map<String, List<String>> services = new HashMap<>();
        final Map<String, Double> cores = new HashMap<>();
        final Map<String, Capacity> types = new HashMap<>();
        /** Each host's region and instance type: where surge that stands in for it comes from. */
        final Map<String, String[]> placement = new HashMap<>();
        private final java.util.function.Supplier<PredictedLoad> source;
        private PredictedLoad predicted;
        String forecastProblem = "";

        Context(Policy policy, java.util.function.Supplier<PredictedLoad> source) {
            this.policy = policy;
            this.source = source;
        }

        /** Built on first use: a forecast costs a planning problem, and is only needed once something is observed. */
        PredictedLoad predicted() {
            if (predicted == null) {
                try {
                    predicted = source.get();
                } catch (RuntimeException e) {
                    // the rollout goes on unjudged; the alert of the first unjudged tick names why
                    predicted = PredictedLoad.NONE;
                    forecastProblem = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            return predicted;
        }

        List<String> servicesOf(String host) {
            return services.getOrDefault(host, List.of());
        }

        /** One instance's resources; empty when the account does not list the type. */
        Optional<Capacity> capacity(String type, String region) {
            return Optional.ofNullable(types.getOrDefault(type + "/" + region, types.get(type)));
        }
    }

    private Context context(Rollout r) {
        return contexts.computeIfAbsent(r.id(), k -> {
            Policy policy = scenarios.find(r.account(), r.scenario()).map(SavedScenario::policy)
                    .orElse(Policy.DEFAULT);
            Context c = new Context(policy, () -> forecasts.forScenario(r.account(), r.scenario()));
            fleet.load(r.account(), false).ifPresent(a -> {
                a.hosts().forEach(h -> {
                    c.services.put(h.id(), h.services());
                    c.cores.put(h.id(), h.capacity().cpuCores());
                    c.placement.put(h.id(), new String[] {h.region(), h.instanceType()});
                });
                for (InstanceType t : a.instanceTypes()) {
                    c.types.put(t.name() + "/" + t.region(), t.capacity());
                    c.types.putIfAbsent(t.name(), t.capacity());
                }
            });
            return c;
        });
    }
}
