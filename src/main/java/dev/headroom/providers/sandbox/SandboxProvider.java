package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.Provider;

import java.time.Clock;
import java.util.Map;

/**
 * The embedded simulated cloud. Its time is the account's {@link AcceleratedClock}; its current
 * load is what the sandbox has emitted into the store up to that time.
 */
public final class SandboxProvider implements Provider {
    private final Account account;
    private final FleetStore store;
    private final AcceleratedClock clock;

    /**
     * @throws HeadroomException when the account's clock settings cannot be read
     */
    public SandboxProvider(Account account, FleetStore store) {
        this(account, store, Clock.systemUTC());
    }

    /** With the real clock the simulation advances with; tests pass a steppable one. */
    SandboxProvider(Account account, FleetStore store, Clock real) {
        this.account = account;
        this.store = store;
        try {
            this.clock = AcceleratedClock.fromSettings(account.settings(), account.created(), real);
        } catch (DomainException e) {
            throw new HeadroomException("The clock of sandbox account \"" + account.name() + "\" cannot be read ("
                    + e.getMessage() + "). Regenerate the sandbox account to reset it.", e);
        }
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public AcceleratedClock clock() {
        return clock;
    }

    @Override
    public Map<String, Double> currentLoad(Metric metric) {
        return store.latest(account.name(), metric, clock.instant());
    }
}
