package dev.headroom.providers.files;

import dev.headroom.domain.Account;
import dev.headroom.domain.Metric;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.Provider;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

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
}
