package dev.headroom.engine;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.rollout.ShadowReport;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rollout engine's provider for every account: each call goes to the execution side of the
 * account it names. The sandbox's (on the rollout clock) serves the sandbox and imported scenarios,
 * whose rollouts are simulations of the snapshot; a connected account's goes through its provider
 * (a Kubernetes cluster). A connected account that can only be read (Prometheus) refuses with what
 * to do.
 */
final class AccountRolloutProvider implements RolloutProvider {
    private final RolloutProvider sandbox;
    private final ProviderRegistry registry;
    private final FleetStore store;
    private final Map<String, RolloutProvider> connected = new ConcurrentHashMap<>();

    AccountRolloutProvider(RolloutProvider sandbox, ProviderRegistry registry, FleetStore store) {
        this.sandbox = sandbox;
        this.registry = registry;
        this.store = store;
    }

    private RolloutProvider of(String name) {
        Account account = store.account(name).orElseThrow(() -> new HeadroomException("There is no account named \""
                + name + "\"; the rollout's step cannot reach it."));
        if (account.kind() == AccountKind.SANDBOX || account.kind() == AccountKind.FILES) {
            return sandbox;
        }
        // one client per account for the engine's life: a drain is many calls
        return connected.computeIfAbsent(name, k -> registry.provider(account).rollouts().orElseThrow(() ->
                new HeadroomException("Account \"" + name + "\" is a " + account.kind().label() + " account, which "
                        + "Headroom can read but not act on; a rollout cannot run on it. Plan it here and run the plan "
                        + "on an account that executes (the sandbox, a Kubernetes cluster).")));
    }

    @Override
    public int reserve(String key, String account, String service, String region, String instanceType, int count) {
        return of(account).reserve(key, account, service, region, instanceType, count);
    }

    @Override
    public void release(String key, String account, String reservationKey) {
        of(account).release(key, account, reservationKey);
    }

    @Override
    public UpdateReply update(String account, VersionTrigger trigger) {
        return of(account).update(account, trigger);
    }

    @Override
    public Optional<String> appliedUpdate(String account, String updateKey) {
        return of(account).appliedUpdate(account, updateKey);
    }

    @Override
    public void restoreTraffic(String key, String account, String hosts) {
        of(account).restoreTraffic(key, account, hosts);
    }

    @Override
    public boolean healthy(String account, String host) {
        return of(account).healthy(account, host);
    }

    @Override
    public Optional<ServiceObservation> observe(String account, String service, Instant at) {
        return of(account).observe(account, service, at);
    }

    @Override
    public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
        return of(account).shadow(key, account, host, version, from, to);
    }
}
