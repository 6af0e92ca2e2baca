package dev.headroom.providers;

import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.files.FilesProvider;
import dev.headroom.providers.sandbox.SandboxProvider;
import dev.headroom.rollout.RolloutProvider;

import java.util.Optional;
import java.util.function.Function;

/** Creates the provider adapter for an account from its configuration. */
public final class ProviderRegistry {
    private final FleetStore store;
    private final Optional<Function<Account, RolloutProvider>> sandboxRollouts;

    /** Reading only: sandbox providers without their execution side. */
    public ProviderRegistry(FleetStore store) {
        this.store = store;
        this.sandboxRollouts = Optional.empty();
    }

    /** With the sandbox's execution side, which lives beside the store (its ledger is in the same file). */
    public ProviderRegistry(FleetStore store, Function<Account, RolloutProvider> sandboxRollouts) {
        this.store = store;
        this.sandboxRollouts = Optional.of(sandboxRollouts);
    }

    /** @throws HeadroomException when the account's kind has no provider in this version */
    public Provider provider(Account account) {
        return switch (account.kind()) {
            case SANDBOX -> sandboxRollouts.map(f -> new SandboxProvider(account, store, f.apply(account)))
                    .orElseGet(() -> new SandboxProvider(account, store));
            case FILES -> new FilesProvider(account, store);
            default -> throw new HeadroomException("Account \"" + account.name() + "\" is of kind "
                    + account.kind().label() + ", which this version of Headroom cannot connect to yet.");
        };
    }
}
