package dev.headroom.providers.sandbox;

import dev.headroom.domain.HeadroomException;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.rollout.ShadowReport;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;

import java.time.Instant;
import java.util.Optional;

/**
 * The sandbox's side of a rollout, on the stored fleet: reservations are always granted in full,
 * an update sets the host's stored version (so {@code headroom fleet} shows it), every host is
 * healthy. Each mutating call is applied once per idempotency key through the {@link SandboxLedger}.
 */
public final class SandboxRolloutProvider implements RolloutProvider {
    private final SandboxLedger ledger;

    public SandboxRolloutProvider(SandboxLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public int reserve(String key, String account, String service, String region, String instanceType, int count) {
        String result = ledger.applyOnce(account, key, "reserve", service + "/" + region + "/" + instanceType, w -> {
            w.reserve(key, service, region, instanceType, count);
            w.count("reserve");
            return Integer.toString(count);
        });
        return Integer.parseInt(result);
    }

    @Override
    public void release(String key, String account, String reservationKey) {
        ledger.applyOnce(account, key, "release", reservationKey, w -> {
            boolean released = w.release(reservationKey);
            if (released) {
                w.count("release");
            }
            return released ? "released" : "not held";
        });
    }

    @Override
    public UpdateReply update(String account, VersionTrigger trigger) {
        String host = trigger.host();
        String version = trigger.versionId();
        return UpdateReply.applied(ledger.applyOnce(account, trigger.idempotencyKey(), "update", host, w -> {
            String previous = w.hostVersion(host);
            w.setHostVersion(host, version);
            w.count("update");
            return previous;
        }));
    }

    @Override
    public void restoreTraffic(String key, String account, String hosts) {
        ledger.applyOnce(account, key, "restore", hosts, w -> {
            w.count("restore");
            return "restored";
        });
    }

    @Override
    public boolean healthy(String account, String host) {
        return true;
    }

    @Override
    public Optional<ServiceObservation> observe(String account, String service, Instant at) {
        // not yet wired to the sandbox's generated future load
        return Optional.empty();
    }

    @Override
    public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
        throw new HeadroomException("The sandbox cannot run shadow mode yet for host " + host + ".");
    }
}
