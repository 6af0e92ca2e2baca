package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.StoredAccountProvider;
import dev.headroom.rollout.RolloutProvider;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded simulated cloud. Its time is the account's {@link AcceleratedClock}; its current
 * load is what the sandbox has emitted into the store up to that time.
 */
public final class SandboxProvider extends StoredAccountProvider {
    private final AcceleratedClock clock;
    private final Optional<RolloutProvider> rollouts;

    /**
     * @throws HeadroomException when the account's clock settings cannot be read
     */
    public SandboxProvider(Account account, FleetStore store) {
        this(account, store, Clock.systemUTC(), Optional.empty());
    }

    /** With the execution side the engine wires (the sandbox ledger lives in the SQLite store). */
    public SandboxProvider(Account account, FleetStore store, RolloutProvider rollouts) {
        this(account, store, Clock.systemUTC(), Optional.of(rollouts));
    }

    /** With the real clock the simulation advances with; tests pass a steppable one. */
    SandboxProvider(Account account, FleetStore store, Clock real, Optional<RolloutProvider> rollouts) {
        super(account, store);
        this.rollouts = rollouts;
        try {
            this.clock = AcceleratedClock.fromSettings(account.settings(), account.created(), real);
        } catch (DomainException e) {
            throw new HeadroomException("The clock of sandbox account \"" + account.name() + "\" cannot be read ("
                    + e.getMessage() + "). Regenerate the sandbox account to reset it.", e);
        }
    }

    @Override
    public AcceleratedClock clock() {
        return clock;
    }

    @Override
    protected String what() {
        return "Sandbox (simulated cloud, clock at " + clock.instant() + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return rollouts.isPresent() ? EnumSet.allOf(Capability.class)
                : EnumSet.of(Capability.METRIC_HISTORY, Capability.LIVE_LOAD);
    }

    @Override
    public Optional<RolloutProvider> rollouts() {
        return rollouts;
    }
}
