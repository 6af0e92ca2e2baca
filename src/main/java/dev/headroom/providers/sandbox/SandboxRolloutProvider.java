package dev.headroom.providers.sandbox;

import dev.headroom.rollout.RolloutProvider;

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
    public String update(String key, String account, String host, String version) {
        return ledger.applyOnce(account, key, "update", host, w -> {
            String previous = w.hostVersion(host);
            w.setHostVersion(host, version);
            w.count("update");
            return previous;
        });
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
}
