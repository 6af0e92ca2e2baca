package dev.headroom.providers.prometheus;

import dev.headroom.credentials.SecretStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets in memory, for tests: the real stores (keyring, encrypted file) are built elsewhere. */
final class MapSecretStore implements SecretStore {
    private final Map<String, char[]> secrets = new ConcurrentHashMap<>();

    @Override
    public void put(String reference, char[] secret) {
        secrets.put(reference, secret.clone());
    }

    @Override
    public Optional<char[]> get(String reference) {
        return Optional.ofNullable(secrets.get(reference)).map(char[]::clone);
    }

    @Override
    public void delete(String reference) {
        secrets.remove(reference);
    }

    @Override
    public String describe() {
        return "test map";
    }
}
