package dev.headroom.rollout;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A provider in front of another that passes every call that changes the world through
 * {@link #call}, where a test injects its faults, and forwards the read-only ones.
 */
abstract class InterceptingProvider implements RolloutProvider {
    protected final RolloutProvider inner;

    InterceptingProvider(RolloutProvider inner) {
        this.inner = inner;
    }

    /** Runs {@code action} (the inner provider's call with key {@code key}) or fails in its place. */
    protected abstract <T> T call(String key, Supplier<T> action);

    @Override
    public int reserve(String key, String account, String service, String region, String instanceType, int count) {
        return call(key, () -> inner.reserve(key, account, service, region, instanceType, count));
    }

    @Override
    public void release(String key, String account, String reservationKey) {
        call(key, () -> {
            inner.release(key, account, reservationKey);
            return null;
        });
    }

    @Override
    public UpdateReply update(String account, VersionTrigger trigger) {
        return call(trigger.idempotencyKey(), () -> inner.update(account, trigger));
    }

    @Override
    public void restoreTraffic(String key, String account, String hosts) {
        call(key, () -> {
            inner.restoreTraffic(key, account, hosts);
            return null;
        });
    }

    @Override
    public boolean healthy(String account, String host) {
        return inner.healthy(account, host);
    }

    @Override
    public Optional<String> appliedUpdate(String account, String updateKey) {
        return inner.appliedUpdate(account, updateKey);
    }

    @Override
    public Optional<ServiceObservation> observe(String account, String service, Instant at) {
        return inner.observe(account, service, at);
    }

    @Override
    public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
        return inner.shadow(key, account, host, version, from, to);
    }
}
