package dev.headroom.testing;

import dev.headroom.credentials.SecretStore;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets in memory, for tests of providers and accounts: the real stores (keyring, encrypted file) have their own. */
public final class MapSecretStore implements SecretStore {
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
        return "the test's secret map";
    }

    /** What is stored, as text, for assertions. */
    public Map<String, String> contents() {
        Map<String, String> out = new TreeMap<>();
        secrets.forEach((k, v) -> out.put(k, new String(v)));
        return out;
    }
}
