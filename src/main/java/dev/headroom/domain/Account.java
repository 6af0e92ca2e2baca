package dev.headroom.domain;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connected provider. {@code settings} holds provider-specific, non-secret configuration
 * (for the sandbox: seed and clock anchor; for files: the directory it was imported from).
 */
public record Account(String name, AccountKind kind, Instant created, Map<String, String> settings) {
    public Account {
        Check.id("account", name);
        Check.notNull("kind", kind);
        Check.notNull("created", created);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }
}
