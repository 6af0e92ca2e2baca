package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.Metric;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.Provider;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** The embedded simulated cloud. (Skeleton: the sandbox work replaces the fixed clock.) */
public final class SandboxProvider implements Provider {
    private final Account account;
    private final FleetStore store;

    public SandboxProvider(Account account, FleetStore store) {
        this.account = account;
        this.store = store;
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse(account.setting("clock_now", account.created().toString())), ZoneOffset.UTC);
    }

    @Override
    public Map<String, Double> currentLoad(Metric metric) {
        return store.latest(account.name(), metric, clock().instant());
    }
}
