package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The sandbox provider (so effects are real and once per key) with faults a test scripts:
 * refused or throttled reservations, partial grants, deferring hosts, failing health checks,
 * observations and shadow reports.
 */
class ScriptedProvider implements RolloutProvider {
    final RolloutProvider inner;
    /** Thrown, one per call, by the next reserve calls. */
    final Deque<HeadroomException> reserveFaults = new ArrayDeque<>();
    /** Instances granted per service (at most what is asked); absent = all. */
    final Map<String, Integer> grants = new HashMap<>();
    /** Deferrals left per host (Integer.MAX_VALUE = always). */
    final Map<String, Integer> deferrals = new HashMap<>();
    final Set<String> unhealthy = new HashSet<>();
    /** Hosts whose next update is applied by the sandbox and then answered with an error (a lost reply). */
    final Set<String> lostReplies = new HashSet<>();
    final Map<String, ShadowReport> shadows = new HashMap<>();
    BiFunction<String, Instant, Optional<ServiceObservation>> observations = (s, t) -> Optional.empty();
    final List<VersionTrigger> triggers = new ArrayList<>();
    final List<String> reserveCalls = new ArrayList<>();
    final List<String> healthChecks = new ArrayList<>();

    ScriptedProvider(RolloutProvider inner) {
        this.inner = inner;
    }

    @Override
    public int reserve(String key, String account, String service, String region, String instanceType, int count) {
        reserveCalls.add(key);
        HeadroomException fault = reserveFaults.poll();
        if (fault != null) {
            throw fault;
        }
        return inner.reserve(key, account, service, region, instanceType, Math.min(count,
                grants.getOrDefault(service, count)));
    }

    @Override
    public void release(String key, String account, String reservationKey) {
        inner.release(key, account, reservationKey);
    }

    @Override
    public UpdateReply update(String account, VersionTrigger trigger) {
        triggers.add(trigger);
        int left = deferrals.getOrDefault(trigger.host(), 0);
        if (left > 0) {
            deferrals.put(trigger.host(), left == Integer.MAX_VALUE ? left : left - 1);
            return UpdateReply.deferred("1.4.0", "CPU " + trigger.allocated().cpuCores() + " cores allocated, 64 needed");
        }
        UpdateReply reply = inner.update(account, trigger);
        if (lostReplies.remove(trigger.host())) {
            throw new HeadroomException("The sandbox provider's reply was lost (scripted); try again.");
        }
        return reply;
    }

    @Override
    public Optional<String> appliedUpdate(String account, String updateKey) {
        return inner.appliedUpdate(account, updateKey);
    }

    @Override
    public void restoreTraffic(String key, String account, String hosts) {
        inner.restoreTraffic(key, account, hosts);
    }

    @Override
    public boolean healthy(String account, String host) {
        healthChecks.add(host);
        return !unhealthy.contains(host);
    }

    @Override
    public Optional<ServiceObservation> observe(String account, String service, Instant at) {
        return observations.apply(service, at);
    }

    @Override
    public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
        return shadows.getOrDefault(host, new ShadowReport(0.01, 0.01, 100, 100, true));
    }
}
