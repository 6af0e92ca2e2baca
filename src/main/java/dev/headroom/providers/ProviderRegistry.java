package dev.headroom.providers;

import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.files.FilesProvider;
import dev.headroom.providers.sandbox.SandboxProvider;

/** Creates the provider adapter for an account from its configuration. */
public final class ProviderRegistry {
    private final FleetStore store;

    public ProviderRegistry(FleetStore store) {
        this.store = store;
    }

    /** @throws HeadroomException when the account's kind has no provider in this version */
    public Provider provider(Account account) {
        return switch (account.kind()) {
            case SANDBOX -> new SandboxProvider(account, store);
            case FILES -> new FilesProvider(account, store);
            default -> throw new HeadroomException("Account \"" + account.name() + "\" is of kind "
                    + account.kind().label() + ", which this version of Headroom cannot connect to yet.");
        };
    }
}
