package dev.headroom.providers.files;

import dev.headroom.domain.Account;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.StoredAccountProvider;
import dev.headroom.rollout.RolloutProvider;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * An account imported from a scenario directory. A scenario is a snapshot, so its clock stands
 * still at the end of its metric history ({@code data_until} setting) and current load is the
 * last sample.
 */
public final class FilesProvider extends StoredAccountProvider {
    /** Account setting: the instant just after the last sample of the imported metrics. */
    public static final String DATA_UNTIL = "data_until";

    public FilesProvider(Account account, FleetStore store) {
        super(account, store);
    }

    @Override
    public Clock clock() {
        String until = account.setting(DATA_UNTIL, "");
        Instant at = until.isEmpty() ? account.created() : Instant.parse(until);
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    @Override
    protected String what() {
        return "Scenario imported from " + account.setting("source", "a directory");
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METRIC_HISTORY, Capability.LIVE_LOAD);
    }

    @Override
    public Optional<RolloutProvider> rollouts() {
        return Optional.empty();
    }
}
