package dev.headroom.engine;

import dev.headroom.credentials.SecretStore;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A secret store opened on its first call: building a provider for an account without secrets, or
 * listing accounts, must not probe the keyring or ask for the passphrase of the encrypted file.
 */
final class LazySecretStore implements SecretStore {
    private final Supplier<SecretStore> open;

    LazySecretStore(Supplier<SecretStore> open) {
        this.open = open;
    }

    @Override
    public void put(String reference, char[] secret) {
        open.get().put(reference, secret);
    }

    @Override
    public Optional<char[]> get(String reference) {
        return open.get().get(reference);
    }

    @Override
    public void delete(String reference) {
        open.get().delete(reference);
    }

    @Override
    public String describe() {
        return open.get().describe();
    }
}
