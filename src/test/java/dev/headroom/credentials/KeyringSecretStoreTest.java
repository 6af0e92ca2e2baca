package dev.headroom.credentials;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against the real OS keyring. Skipped (with the probe's reason) where none answers; .ci/run runs
 * this tag inside a D-Bus session with an unlocked throwaway gnome-keyring (.ci/keyring-session).
 */
@Tag("keyring")
class KeyringSecretStoreTest {
    private static KeyringSecretStore.Availability availability;
    private static KeyringSecretStore store;
    private final String account = "kr-" + UUID.randomUUID();

    @BeforeAll
    static void probe() {
        availability = KeyringSecretStore.probe();
        store = availability.store().orElse(null);
    }

    @BeforeEach
    void keyringAnswered() {
        // .ci/run sets the property where it made a keyring: there a missing one is a failure, not a skip
        if (Boolean.getBoolean("headroom.keyring.required")) {
            assertThat(availability.available()).as(availability.reason()).isTrue();
        }
        // per test, so that every skipped test carries the reason in the report
        assumeTrue(availability.available(), () -> "no OS keyring here: " + availability.reason());
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aSecretGoesInComesBackIsReplacedAndRemoved() {
        String ref = SecretStore.reference(account, "bearer-token");
        assertThat(store.get(ref)).isEmpty();

        store.put(ref, "first-token-\u00e9\u4e2d".toCharArray());
        assertThat(store.get(ref)).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("first-token-\u00e9\u4e2d"));

        store.put(ref, "second-token".toCharArray());
        assertThat(store.get(ref)).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("second-token"));

        store.delete(ref);
        assertThat(store.get(ref)).isEmpty();
        store.delete(ref);
    }

    @Test
    void secretsOfTwoAccountsAreKeptApart() {
        String a = SecretStore.reference(account + "-a", "password");
        String b = SecretStore.reference(account + "-b", "password");
        store.put(a, "alpha-secret".toCharArray());
        store.put(b, "beta-secret".toCharArray());
        try {
            assertThat(new String(store.get(a).orElseThrow())).isEqualTo("alpha-secret");
            assertThat(new String(store.get(b).orElseThrow())).isEqualTo("beta-secret");
        } finally {
            store.delete(a);
            store.delete(b);
        }
    }

    @Test
    void describesTheKeyringItUses() {
        assertThat(store.describe()).isIn("Secret Service keyring", "KDE Wallet", "macOS Keychain",
                "Windows Credential Manager");
    }

    @Test
    void automaticChoiceTakesTheKeyringAndWritesNoSecretsFile(@TempDir Path dataDir) {
        SecretStore chosen = SecretStores.open(dataDir, SecretStores.Choice.AUTO,
                () -> KeyringSecretStore.probe(Duration.ofSeconds(5), System.getenv()),
                (file, creating) -> {
                    throw new AssertionError("no passphrase is needed with a keyring");
                });
        String ref = SecretStore.reference(account, "token");
        chosen.put(ref, "keyring-only-secret".toCharArray());
        try {
            assertThat(new String(chosen.get(ref).orElseThrow())).isEqualTo("keyring-only-secret");
            assertThat(chosen.describe()).doesNotContain("encrypted file");
            assertThat(Files.exists(SecretStores.secretsFile(dataDir))).isFalse();
        } finally {
            chosen.delete(ref);
        }
    }
}
