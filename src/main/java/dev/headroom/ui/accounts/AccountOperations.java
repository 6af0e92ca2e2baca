package dev.headroom.ui.accounts;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.ProgressListener;
import dev.headroom.engine.AccountService;
import dev.headroom.engine.AccountService.SyncResult;
import dev.headroom.fleet.FleetStore;

import java.util.List;
import java.util.Map;

/**
 * What the Accounts page does with accounts: the port its view model depends on, so that its
 * tests script the outcomes without a provider. Every method may block (it reaches a provider or
 * the store) and throws {@link dev.headroom.domain.HeadroomException} with an operator message.
 */
public interface AccountOperations {

    /** The stored accounts, with their settings and status. */
    List<Account> accounts();

    /**
     * Adds a connected account; the caller clears {@code secrets} afterwards. Nothing is stored
     * when it throws.
     */
    Account add(AccountKind kind, String name, Map<String, String> settings, Map<String, char[]> secrets);

    /** Reaches the account's provider; returns what it found. The outcome becomes the account's status. */
    String test(String name);

    /** Reads the account's inventory and history into the store, reporting progress. */
    SyncResult sync(String name, ProgressListener progress);

    /** Sets {@code changes} (a null value removes the key); a refused value leaves every stored setting. */
    Account updateSettings(String name, Map<String, String> changes);

    /** Replaces the secret {@code field} of the account; the caller clears {@code value} afterwards. */
    void putSecret(String name, String field, char[] value);

    /** Removes the account, everything stored for it and its secrets. */
    void remove(String name);

    /** The secret fields of a kind (empty for the sandbox and imported files). */
    default List<String> secretFields(AccountKind kind) {
        return AccountService.secretFields(kind);
    }

    /** The engine's accounts: reads from {@code store}, changes through {@code service}. */
    static AccountOperations of(AccountService service, FleetStore store) {
        return new AccountOperations() {
            @Override
            public List<Account> accounts() {
                return store.accounts();
            }

            @Override
            public Account add(AccountKind kind, String name, Map<String, String> settings,
                               Map<String, char[]> secrets) {
                return service.add(kind, name, settings, secrets);
            }

            @Override
            public String test(String name) {
                return service.test(name);
            }

            @Override
            public SyncResult sync(String name, ProgressListener progress) {
                return service.sync(name, progress);
            }

            @Override
            public Account updateSettings(String name, Map<String, String> changes) {
                return service.updateSettings(name, changes);
            }

            @Override
            public void putSecret(String name, String field, char[] value) {
                service.putSecret(name, field, value);
            }

            @Override
            public void remove(String name) {
                service.remove(name);
            }
        };
    }
}
