package dev.headroom.providers.files;

import dev.headroom.domain.Account;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.StoredAccount;
import dev.headroom.rollout.RolloutProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An account imported from a scenario directory. A scenario is a snapshot, so its clock stands
 * still at the end of its metric history ({@code data_until} setting) and current load is the
 * last sample.
 */
public final class FilesProvider implements Provider {
    /** Account setting: the instant just after the last sample of the imported metrics. */
    public static final String DATA_UNTIL = "data_until";

    private final Account account;
    private final FleetStore store;

    public FilesProvider(Account account, FleetStore store) {
        this.account = account;
        this.store = store;
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public Clock clock() {
        String until = account.setting(DATA_UNTIL, "");
        Instant at = until.isEmpty() ? account.created() : Instant.parse(until);
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    @Override
    public Map<String, Double> currentLoad(Metric metric) {
        return store.latest(account.name(), metric, clock().instant());
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METRIC_HISTORY, Capability.LIVE_LOAD);
    }

    @Override
    public String check() {
        Inventory inventory = StoredAccount.inventory(store, account);
        return "Scenario imported from " + account.setting("source", "a directory") + ": " + inventory.hosts().size() + " hosts, " + inventory.services().size() + " services";
    }

    @Override
    public Inventory inventory(ProgressListener progress) {
        return StoredAccount.inventory(store, account);
    }

    @Override
    public List<MetricSeries> history(Collection<String> hosts, Metric metric, Instant from, Instant to, Duration step,
                                      ProgressListener progress) {
        return StoredAccount.history(store, account, hosts, metric, from, to, step, progress);
    }

    @Override
    public Optional<RolloutProvider> rollouts() {
        return Optional.empty();
    }
}
