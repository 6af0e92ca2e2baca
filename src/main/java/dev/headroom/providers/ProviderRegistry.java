package dev.headroom.providers;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.files.FilesProvider;
import dev.headroom.providers.sandbox.SandboxProvider;
import dev.headroom.rollout.RolloutProvider;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Creates the provider adapter for an account from its configuration. */
public final class ProviderRegistry {
    private final FleetStore store;
    private final Optional<Function<Account, RolloutProvider>> sandboxRollouts;
    private final Map<AccountKind, Function<Account, Provider>> connectors;

    /** Reading only: sandbox providers without their execution side, no connected accounts. */
    public ProviderRegistry(FleetStore store) {
        this(store, Optional.empty(), Map.of());
    }

    /** With the sandbox's execution side, which lives beside the store (its ledger is in the same file). */
    public ProviderRegistry(FleetStore store, Function<Account, RolloutProvider> sandboxRollouts) {
        this(store, Optional.of(sandboxRollouts), Map.of());
    }

    /**
     * @param connectors how accounts of the connected kinds (Prometheus, Kubernetes) get their
     *                   provider; they read the account's settings and ask the secret store
     */
    public ProviderRegistry(FleetStore store, Optional<Function<Account, RolloutProvider>> sandboxRollouts,
                            Map<AccountKind, Function<Account, Provider>> connectors) {
        this.store = store;
        this.sandboxRollouts = sandboxRollouts;
        this.connectors = connectors.isEmpty() ? Map.of() : new EnumMap<>(connectors);
    }

    /** @throws HeadroomException when the account's kind has no provider in this version, or its settings are wrong */
    public Provider provider(Account account) {
        return switch (account.kind()) {
            case SANDBOX -> sandboxRollouts.map(f -> new SandboxProvider(account, store, f.apply(account)))
                    .orElseGet(() -> new SandboxProvider(account, store));
            case FILES -> new FilesProvider(account, store);
            default -> Optional.ofNullable(connectors.get(account.kind())).map(f -> f.apply(account))
                    .orElseThrow(() -> new HeadroomException("Account \"" + account.name() + "\" is of kind "
                            + account.kind().label() + ", which this version of Headroom cannot connect to yet."));
        };
    }
}
