package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.Service;
import dev.headroom.providers.sandbox.SandboxFaults.CallKind;
import dev.headroom.providers.sandbox.SandboxLedger.Event;
import dev.headroom.providers.sandbox.SandboxLedger.Reservation;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.ProviderThrottledException;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.rollout.ShadowReport;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's side of a rollout, on the stored fleet (see docs/sandbox.md). An update drains its
 * host (out of service) and sets its stored version, so {@code headroom fleet} shows it;
 * {@code restoreTraffic} puts hosts back. Each mutating call is applied once per idempotency key
 * through the {@link SandboxLedger}, its effect in the same transaction as the record of its key.
 *
 * <p>The load it observes is the sandbox's own generated future ({@link SandboxFutures}), the
 * world the planner's replay scored, so a rollout meets load the planner did not see. The
 * account's {@link SandboxFaults} inject provider errors, throttling, lost replies, slow and failed
 * updates, failed health checks, spot interruptions, load surges, capacity limits and regressions
 * of the new version, each decided by a roll of the seed, the call's key and its attempt number.
 */
public final class SandboxRolloutProvider implements RolloutProvider {
    /** Requests that fail on a healthy service anyway (clients giving up, bad input): one in a thousand. */
    static final double BASE_ERROR_RATE = 0.001;
    /** Service time of one request where the service states none in its response-time SLO. */
    static final double DEFAULT_SERVICE_MS = 20;
    /** Update time of a host whose service is not in the sandbox catalogue. */
    static final double DEFAULT_UPDATE_MINUTES = 5;
    /** A new version in shadow may cost this much more or less CPU than the old, decided by a roll per host and version. */
    static final double VERSION_COST_SPREAD = 0.03;
    /** The new version is healthy when its error rate is at most this much above the old one's … */
    static final double ERROR_TOLERANCE = 0.001;
    /** … and its p95 latency at most this factor of the old one's. */
    static final double LATENCY_TOLERANCE = 1.10;
    /** Utilisation above which a host's queue no longer settles: latency is read at this utilisation. */
    static final double MAX_UTILISATION = 0.99;

    private final SandboxLedger ledger;
    private final SandboxFutures futures;
    private final Map<String, AccountSnapshot> fleets = new HashMap<>();

    /**
     * Futures for the one-argument constructor only (tests and tools that make many providers in
     * one process would otherwise generate a future, seconds each, per provider). The engine does
     * not use it: it holds its own and passes it in.
     */
    private static final SandboxFutures STANDALONE = new SandboxFutures(SandboxFutures::generate, 2);

    /** With futures shared by every provider made this way (tests, tools); the engine passes its own. */
    public SandboxRolloutProvider(SandboxLedger ledger) {
        this(ledger, STANDALONE);
    }

    /** With another source of generated futures (tests give a tiny fleet's by hand). */
    public SandboxRolloutProvider(SandboxLedger ledger, SandboxFutures futures) {
        this.ledger = ledger;
        this.futures = futures;
    }

    @Override
    public int reserve(String key, String account, String service, String region, String instanceType, int count) {
        SandboxFaults faults = ledger.faults(account);
        int attempt = before(faults, account, CallKind.RESERVE, key);
        String result = ledger.applyOnce(account, key, "reserve", service + "/" + region + "/" + instanceType, w -> {
            int granted = count;
            Optional<Integer> limit = faults.capacityLimit(instanceType, region);
            if (limit.isPresent()) {
                int held = w.heldInstances(region, instanceType);
                granted = Math.max(0, Math.min(count, limit.get() - held));
                if (granted < count) {
                    w.record(Event.of("partial allocation", service, key, attempt, "granted " + granted + " of "
                            + count + " " + instanceType + " in " + region + ": the sandbox holds at most "
                            + limit.get() + " at once and " + held + " are held"));
                }
            }
            Optional<Instant> revokeAt = Optional.empty();
            int revokeCount = 0;
            // decided once, when the reservation is made: the interruption is the instances' fate, not a call's
            if (granted > 0 && faults.fires("spot", faults.spot(), key, 1)) {
                revokeAt = Optional.of(w.now().plus(faults.spotAfter()));
                revokeCount = Math.min(granted, Math.max(1, (int) Math.ceil(granted * faults.spotFraction())));
            }
            w.reserve(key, service, region, instanceType, count, granted, revokeAt, revokeCount);
            w.count("reserve");
            return Integer.toString(granted);
        });
        after(faults, account, CallKind.RESERVE, key, attempt);
        return Integer.parseInt(result);
    }

    @Override
    public void release(String key, String account, String reservationKey) {
        SandboxFaults faults = ledger.faults(account);
        int attempt = before(faults, account, CallKind.RELEASE, key);
        ledger.applyOnce(account, key, "release", reservationKey, w -> {
            boolean released = w.release(reservationKey);
            if (released) {
                w.count("release");
            }
            return released ? "released" : "not held";
        });
        after(faults, account, CallKind.RELEASE, key, attempt);
    }

    /**
     * Verifies the trigger on its host (seed 000 §3) and, when it holds, drains the host and sets
     * its version. The host needs, at the trigger's plan time (its Update Start Time), what the
     * rest of its service cannot absorb of its load ({@link #need}); when the trigger says the
     * reservation failed or its allocated resources fall short, the host defers: nothing changes,
     * the deferral and the trigger text are logged as a {@code deferral} event, and its key stays
     * unused, so that the same trigger re-sent with enough resources applies.
     */
    @Override
    public UpdateReply update(String account, VersionTrigger trigger) {
        String key = trigger.idempotencyKey();
        SandboxFaults faults = ledger.faults(account);
        int attempt = before(faults, account, CallKind.UPDATE, key);
        Optional<String> done = ledger.applied(account, key);
        if (done.isPresent()) {
            after(faults, account, CallKind.UPDATE, key, attempt);
            // the same answer as the first time, duration included: the host's drain recorded it
            Double minutes = ledger.updateMinutes(account).get(trigger.host());
            return minutes == null ? UpdateReply.applied(done.get()) : UpdateReply.applied(done.get(), ofMinutes(minutes));
        }
        AccountSnapshot fleet = fleet(account);
        Host host = host(fleet, trigger.host());
        Need need = need(account, fleet, host, trigger.updateStart(), faults);
        // the start time is plan time and the sandbox keeps no plan clock of its own: the driver sends the
        // trigger when the update is due, so the host takes the trigger's time as now
        VersionTrigger.Decision decision = trigger.verify(host.id(), need.resources(), trigger.updateStart());
        if (!decision.start()) {
            String reason = decision.reason().replaceFirst("^deferred: ", "") + need.because();
            ledger.record(account, new Event("deferral", host.id(), Optional.of(key), attempt, reason,
                    Optional.of(trigger.write())));
            return UpdateReply.deferred(currentVersion(account, host), reason);
        }
        if (faults.fires("failed_update", faults.failedUpdate(), key, attempt)) {
            String detail = "host " + host.id() + " failed to update to " + trigger.versionId() + " and stays on "
                    + currentVersion(account, host);
            ledger.record(account, new Event("failed update", host.id(), Optional.of(key), attempt, detail,
                    Optional.of(trigger.write())));
            throw new HeadroomException("Sandbox: " + detail + " (injected fault, attempt " + attempt + "); nothing "
                    + "was changed. Resume to send the trigger again, or abort.");
        }
        boolean slow = faults.fires("slow_update", faults.slowUpdate(), key, attempt);
        double minutes = updateMinutes(host) * (slow ? faults.slowFactor() : 1);
        String previous = ledger.applyOnce(account, key, "update", host.id(), trigger.write(), w -> {
            String was = w.hostVersion(host.id());
            w.setHostVersion(host.id(), trigger.versionId());
            w.drain(host.id(), key, minutes);
            w.detail("drained; update took " + num(minutes) + " min" + (slow ? " (slow update: ×"
                    + num(faults.slowFactor()) + ")" : "") + "; " + need.summary());
            if (slow) {
                w.record(Event.of("slow update", host.id(), key, attempt, "update of " + host.id() + " to "
                        + trigger.versionId() + " took " + num(minutes) + " min, " + num(faults.slowFactor())
                        + " times the usual " + num(updateMinutes(host))));
            }
            w.count("update");
            return was;
        });
        after(faults, account, CallKind.UPDATE, key, attempt);
        return UpdateReply.applied(previous, ofMinutes(minutes));
    }

    /** The ledger keeps every applied key with its result: an update's is the host's version before it. */
    @Override
    public Optional<String> appliedUpdate(String account, String updateKey) {
        return ledger.applied(account, updateKey);
    }

    @Override
    public void restoreTraffic(String key, String account, String hosts) {
        SandboxFaults faults = ledger.faults(account);
        int attempt = before(faults, account, CallKind.RESTORE, key);
        List<String> list = Arrays.stream(hosts.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        ledger.applyOnce(account, key, "restore", hosts, w -> {
            for (String h : list) {
                w.restore(h, key);
            }
            w.count("restore");
            return "restored";
        });
        after(faults, account, CallKind.RESTORE, key, attempt);
    }

    @Override
    public boolean healthy(String account, String host) {
        SandboxFaults faults = ledger.faults(account);
        String callKey = "health:" + host;
        int attempt = before(faults, account, CallKind.HEALTH, callKey);
        host(fleet(account), host);
        if (faults.fires("failed_health", faults.failedHealth(), callKey, attempt)) {
            ledger.record(account, Event.of("failed health check", host, null, attempt, "host " + host
                    + " failed its health check (injected fault, attempt " + attempt + ")"));
            return false;
        }
        return true;
    }

    /**
     * The service at plan time {@code at} as the sandbox's generated future has it: its load (the
     * CPU cores all its hosts use, times a load-surge fault where one is set), the capacity of its
     * hosts in service, the surge cores of its held reservations (instances still serving times
     * the cores of their type in the sandbox catalogue), and its error rate: one in a thousand plus
     * the share of the load beyond capacity, which fails. A drained host's load is not lost: it is
     * in the total, carried by the hosts that remain and the surge.
     *
     * <p>Empty when the account has no generated future (not a generated sandbox) or {@code at} is
     * outside it: before the history, or after the future's horizon (the end of the policy's
     * window, at least a day past the history). The sandbox does not generate further on demand,
     * because a longer future is another world (see {@link SandboxFutures}); a sample it never
     * generated is not one it can honestly show.
     */
    @Override
    public Optional<ServiceObservation> observe(String account, String service, Instant at) {
        SandboxFaults faults = ledger.faults(account);
        before(faults, account, CallKind.OBSERVE, service + "@" + at);
        ledger.interruptDue(account);
        AccountSnapshot fleet = fleet(account);
        List<Host> hosts = fleet.hosts().stream().filter(h -> h.services().contains(service)).toList();
        if (hosts.isEmpty()) {
            throw new HeadroomException("The sandbox account " + account + " has no host of service " + service
                    + "; there is nothing to observe. Check the service name against \"headroom fleet\".");
        }
        Optional<FutureLoad> future = futures.of(fleet);
        if (future.isEmpty() || !future.get().covers(at)) {
            return Optional.empty();
        }
        Set<String> out = ledger.outOfService(account);
        double load = 0;
        double inService = 0;
        for (Host h : hosts) {
            // a host that runs several services splits its load and capacity evenly between them
            double share = 1.0 / h.services().size();
            load += share * future.get().use(h.id(), Metric.CPU, at);
            if (!out.contains(h.id())) {
                inService += share * h.capacity().cpuCores();
            }
        }
        load *= faults.surge(service, at);
        double surge = 0;
        for (Reservation r : ledger.reservations(account)) {
            if (r.service().equals(service)) {
                surge += r.serving() * cores(fleet, r.instanceType(), r.region());
            }
        }
        return Optional.of(new ServiceObservation(service, at, load, inService, surge,
                errorRate(load, inService + surge)));
    }

    /**
     * Runs {@code version} beside the host's current one over {@code [from, to)} plan time, on
     * the host's load in the generated future. Per sample, the old version works at the host's
     * utilisation u, the new one at u × its cost (within ±3% of the old, a roll per host and
     * version); p95 latency is an M/M/1 queue's, service time × ln 20 / (1 − u); errors are one
     * in a thousand plus any load beyond the host's capacity. A regression fault adds errors and
     * multiplies latency of the new version; a failed-health fault fails its health check. The new
     * version is healthy when its error rate is within 0.001 of the old, its p95 within 10%, and
     * its health check passed. Applied once per key: the same key returns the first comparison.
     */
    @Override
    public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
        SandboxFaults faults = ledger.faults(account);
        int attempt = before(faults, account, CallKind.SHADOW, key);
        Optional<String> done = ledger.applied(account, key);
        String result;
        if (done.isPresent()) {
            result = done.get();
        } else {
            AccountSnapshot fleet = fleet(account);
            Host h = host(fleet, host);
            if (!from.isBefore(to)) {
                throw new HeadroomException("A shadow run of " + host + " needs a period that ends after it starts ("
                        + from + " to " + to + "). Check the shadow period of the policy.");
            }
            Optional<FutureLoad> future = futures.of(fleet);
            if (future.isEmpty() || !future.get().covers(from, to)) {
                throw new HeadroomException("The sandbox cannot run " + version + " in shadow on " + host + " from "
                        + from + " to " + to + ": " + (future.isEmpty() ? "account " + account + " has no generated "
                        + "future (it is not a generated sandbox)" : "its generated future covers " + future.get().start()
                        + " to " + future.get().end()) + ". Choose a period inside it.");
            }
            boolean failsHealth = faults.fires("failed_health", faults.failedHealth(), "shadow:" + key, attempt);
            ShadowReport report = compare(faults, fleet, h, version, future.get(), from, to, failsHealth);
            String encoded = encode(report);
            result = ledger.applyOnce(account, key, "shadow", host, version, w -> {
                w.detail("shadow of " + version + " on " + host + " from " + from + " to " + to
                        + (failsHealth ? "; the new version failed its health check (injected fault)" : ""));
                w.count("shadow");
                return encoded;
            });
        }
        after(faults, account, CallKind.SHADOW, key, attempt);
        return decode(result);
    }

    private ShadowReport compare(SandboxFaults faults, AccountSnapshot fleet, Host host, String version,
                                 FutureLoad future, Instant from, Instant to, boolean failsHealth) {
        double serviceMs = serviceMs(fleet, host);
        double cost = 1 + VERSION_COST_SPREAD * (2 * faults.roll("version cost", host.id() + "@" + version, 1) - 1);
        Duration step = future.step(host.id()).orElse(Duration.ofMinutes(5));
        double cores = host.capacity().cpuCores();
        List<Double> oldLatency = new ArrayList<>();
        List<Double> newLatency = new ArrayList<>();
        double oldErrors = 0;
        double newErrors = 0;
        int n = 0;
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            double load = future.use(host.id(), Metric.CPU, t) * faults.surge(host.primaryService(), t);
            double uOld = load / cores;
            double uNew = uOld * cost;
            oldLatency.add(latency(serviceMs, uOld));
            newLatency.add(latency(serviceMs, uNew) * faults.regressionLatency());
            oldErrors += errorRate(load, cores);
            newErrors += Math.min(1, errorRate(load * cost, cores) + faults.regressionErrors());
            n++;
        }
        double oldRate = oldErrors / n;
        double newRate = newErrors / n;
        double oldP95 = p95(oldLatency);
        double newP95 = p95(newLatency);
        boolean healthy = !failsHealth && newRate <= oldRate + ERROR_TOLERANCE && newP95 <= oldP95 * LATENCY_TOLERANCE;
        return new ShadowReport(round(oldRate), round(newRate), round(oldP95), round(newP95), healthy);
    }

    /** M/M/1 response time's 95th percentile: exponential with rate μ(1 − u). */
    static double latency(double serviceMs, double utilisation) {
        double u = Math.min(MAX_UTILISATION, Math.max(0, utilisation));
        return serviceMs * Math.log(20) / (1 - u);
    }

    static double errorRate(double load, double capacity) {
        double beyond = load <= 0 ? 0 : Math.max(0, load - capacity) / load;
        return Math.min(1, BASE_ERROR_RATE + beyond);
    }

    /** Nearest-rank 95th percentile. */
    static double p95(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /**
     * What a host needs allocated to go out of service at plan time {@code at} (seed 000's
     * verification): in CPU, the part of its load that the other hosts of its service still in
     * service cannot absorb under the policy's safety margin, min(its load, the service's load −
     * (1 − margin) × their capacity − the CPU the triggers of its hosts already out allocated),
     * and none when they can. Surge held but not yet allocated to a host that went is not counted
     * for the others: the allocated resources in this trigger are that surge, and counting it twice
     * would let a host go with nothing allocated. What was allocated to the hosts already out is
     * counted: their load moved to it, and without it the last host of a batch would need the
     * whole batch's overflow while the engine allocates each host its share of the reservation. In memory, the host's own working set (a process
     * taking over its traffic holds the same); in network and disk, its own throughput times the
     * share of its load that moves to the surge. Nothing for a host already out of service (a
     * rollback before its traffic was restored): its load moved when it was drained. Unknown
     * (nothing required beyond a successful reservation) when the sandbox has no future for that
     * plan time.
     */
    Need need(String account, AccountSnapshot fleet, Host host, Instant at, SandboxFaults faults) {
        Optional<FutureLoad> future = futures.of(fleet);
        if (future.isEmpty() || !future.get().covers(at)) {
            return new Need(AllocatedResources.NONE, "", "need not checked: the sandbox has no generated load at "
                    + at);
        }
        String service = host.primaryService();
        double margin = fleet.policy().orElse(Policy.DEFAULT).safetyMargin();
        Set<String> out = ledger.outOfService(account);
        if (out.contains(host.id())) {
            // a rollback of a host still drained from its update: its load moved when it left service
            return new Need(AllocatedResources.NONE, "", "needs nothing allocated: " + host.id() + " is already out "
                    + "of service, so updating it takes no more capacity out");
        }
        double serviceLoad = 0;
        double others = 0;
        Map<String, String> drainedBy = out.isEmpty() ? Map.of() : ledger.drainedBy(account);
        double promised = 0;
        for (Host h : fleet.hosts()) {
            if (h.services().contains(service)) {
                serviceLoad += future.get().use(h.id(), Metric.CPU, at);
                if (!h.id().equals(host.id()) && !out.contains(h.id())) {
                    others += h.capacity().cpuCores();
                } else if (!h.id().equals(host.id())) {
                    promised += allocatedCpu(account, drainedBy.getOrDefault(h.id(), ""));
                }
            }
        }
        double surge = faults.surge(service, at);
        serviceLoad *= surge;
        AllocatedResources own = future.get().use(host.id(), at);
        double ownCpu = own.cpuCores() * surge;
        // what the hosts already out took with them is carried by the surge their triggers allocated; without
        // it the last host of a batch would need the whole batch's overflow while the engine gives each its share
        double cpu = Math.max(0, Math.min(ownCpu, serviceLoad - (1 - margin) * others - promised));
        // millicores: what a scheduler allocates, and what the operator reads
        cpu = Math.round(cpu * 1000) / 1000.0;
        String why = "the part of " + host.id() + "'s load (" + num(ownCpu) + " cores) that the rest of " + service
                + " (" + num(others) + " cores in service, " + num(serviceLoad) + " cores of load" + (promised > 0
                ? ", " + num(promised) + " cores of surge allocated to its hosts already out" : "") + ") cannot absorb "
                + "under the " + num(margin * 100) + "% safety margin at " + at;
        if (cpu <= 0) {
            return new Need(AllocatedResources.NONE, "", "needs nothing allocated: the rest of " + service
                    + " absorbs its load under the " + num(margin * 100) + "% safety margin at " + at);
        }
        double moved = ownCpu <= 0 ? 0 : cpu / ownCpu;
        AllocatedResources needed = new AllocatedResources(cpu, round3(own.memoryGib()), round3(own.networkGbps()
                * moved), round3(own.diskMBps() * moved));
        return new Need(needed, " (needed: " + why + ")", "needed CPU " + num(cpu) + " cores, memory "
                + num(needed.memoryGib()) + " GiB, network " + num(needed.networkGbps()) + " Gbps, disk "
                + num(needed.diskMBps()) + " MB/s: " + why);
    }

    /** The CPU the version trigger applied with {@code key} allocated to its host; 0 for none or an unknown key. */
    private double allocatedCpu(String account, String key) {
        if (key.isEmpty()) {
            return 0;
        }
        Optional<String> text = ledger.message(account, key);
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return VersionTrigger.parse(text.get()).allocated().cpuCores();
        } catch (RuntimeException e) {
            // a drain by a call without a trigger (none today) promised no surge
            return 0;
        }
    }

    /** What a host needs allocated, why (appended to a deferral), and a summary for the ledger. */
    record Need(AllocatedResources resources, String because, String summary) {
    }

    /**
     * Rolls the per-call faults before the call does anything: throttling, then a provider error.
     * Attempts are counted only when a fault can hit the call kind, so a fault-free sandbox writes
     * nothing for a read.
     *
     * @return the call's attempt number, or 0 when none was counted
     */
    private int before(SandboxFaults faults, String account, CallKind kind, String callKey) {
        if (!faults.rollsFor(kind)) {
            return 0;
        }
        int attempt = ledger.nextAttempt(account, kind.label() + ":" + callKey);
        if (faults.fires("throttle." + kind.label(), faults.throttle(kind), callKey, attempt)) {
            Duration wait = faults.retryAfter();
            ledger.record(account, Event.of("throttled", kind.label(), callKey, attempt, kind.label() + " " + callKey
                    + " throttled; retry after " + wait.toSeconds() + " s"));
            throw new ProviderThrottledException("The sandbox is throttling " + kind.label() + " calls (injected "
                    + "fault, attempt " + attempt + " of " + callKey + "); nothing was changed. Retry after "
                    + wait.toSeconds() + " s.", Optional.of(wait));
        }
        if (faults.fires("error." + kind.label(), faults.error(kind), callKey, attempt)) {
            ledger.record(account, Event.of("provider error", kind.label(), callKey, attempt, kind.label() + " "
                    + callKey + " failed before it did anything"));
            throw new HeadroomException("The sandbox's provider API failed on " + kind.label() + " " + callKey
                    + " (injected fault, attempt " + attempt + "); nothing was changed. Retry the step.");
        }
        return attempt;
    }

    /** Rolls the lost reply after the action was applied and committed. */
    private void after(SandboxFaults faults, String account, CallKind kind, String key, int attempt) {
        if (attempt > 0 && faults.fires("lost_reply." + kind.label(), faults.lostReply(kind), key, attempt)) {
            ledger.record(account, Event.of("lost reply", kind.label(), key, attempt, kind.label() + " " + key
                    + " was applied but its reply was lost"));
            throw new HeadroomException("The sandbox applied " + kind.label() + " " + key + " but its reply was lost "
                    + "(injected fault, attempt " + attempt + "). Re-issue it with the same key: the sandbox recognises "
                    + "the key and does not apply it again.");
        }
    }

    /**
     * The account's fleet, read once per account and kept while the stored account is the same
     * (a regenerated or re-imported account is read again): loading a whole fleet takes tens of
     * milliseconds, and a rollout observes every service each tick. Host versions in it are those
     * of the first read; calls that need the version now read it ({@link #currentVersion}).
     */
    private AccountSnapshot fleet(String account) {
        Account stored = ledger.account(account).orElseThrow(() -> new HeadroomException("There is no account named \""
                + account + "\" in the sandbox. Run \"headroom accounts\" to list the accounts."));
        synchronized (fleets) {
            AccountSnapshot cached = fleets.get(account);
            if (cached != null && cached.account().equals(stored)) {
                return cached;
            }
        }
        AccountSnapshot fresh = ledger.fleet(account).orElseThrow(() -> new HeadroomException("There is no account "
                + "named \"" + account + "\" in the sandbox. Run \"headroom accounts\" to list the accounts."));
        synchronized (fleets) {
            fleets.put(account, fresh);
        }
        return fresh;
    }

    private String currentVersion(String account, Host host) {
        return ledger.hostVersion(account, host.id()).orElse(host.version());
    }

    private static Host host(AccountSnapshot fleet, String id) {
        return fleet.hosts().stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow(() ->
                new HeadroomException("The sandbox has no host " + id + " in account " + fleet.account().name()
                        + "; nothing was changed. Plan the scenario again on the current fleet."));
    }

    /** Cores of one instance: the sandbox catalogue's size, else the account's instance type. */
    private static double cores(AccountSnapshot fleet, String instanceType, String region) {
        for (SandboxCatalog.Size s : SandboxCatalog.SIZES) {
            if (s.name().equals(instanceType)) {
                return s.cores();
            }
        }
        return fleet.instanceTypes().stream().filter(t -> t.name().equals(instanceType))
                .sorted((a, b) -> Boolean.compare(!a.region().equals(region), !b.region().equals(region)))
                .map(InstanceType::capacity).findFirst().map(c -> c.cpuCores())
                .orElseThrow(() -> new HeadroomException("The sandbox does not know instance type " + instanceType
                        + " (neither its catalogue nor account " + fleet.account().name() + " lists it), so it "
                        + "cannot count the cores of a reservation of it. Reserve a type the account lists."));
    }

    private static Duration ofMinutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    private static double updateMinutes(Host host) {
        return SandboxCatalog.SERVICES.stream().filter(s -> s.name().equals(host.primaryService()))
                .mapToDouble(SandboxCatalog.ServiceSpec::updateMinutes).findFirst().orElse(DEFAULT_UPDATE_MINUTES);
    }

    private static double serviceMs(AccountSnapshot fleet, Host host) {
        return fleet.services().stream().filter(s -> s.name().equals(host.primaryService())).findFirst()
                .map(Service::slo).flatMap(s -> s.responseTime()).map(ResponseTime::serviceTimeMs)
                .orElse(DEFAULT_SERVICE_MS);
    }

    private static String encode(ShadowReport r) {
        return String.format(Locale.ROOT, "old_errors=%s;new_errors=%s;old_p95_ms=%s;new_p95_ms=%s;new_healthy=%s",
                r.oldErrorRate(), r.newErrorRate(), r.oldLatencyMs(), r.newLatencyMs(), r.newHealthy());
    }

    private static ShadowReport decode(String text) {
        String[] f = text.split(";");
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            v[i] = Double.parseDouble(f[i].substring(f[i].indexOf('=') + 1));
        }
        return new ShadowReport(v[0], v[1], v[2], v[3], Boolean.parseBoolean(f[4].substring(f[4].indexOf('=') + 1)));
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String num(double v) {
        double r = Math.round(v * 1000) / 1000.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.3f", r)
                .replaceAll("0+$", "");
    }
}
