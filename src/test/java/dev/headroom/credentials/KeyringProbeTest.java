package dev.headroom.credentials;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.PasswordAccessException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe's answers where no keyring works, without needing one (the real one: KeyringSecretStoreTest). */
class KeyringProbeTest {
    @Test
    void aKeyringThatNeverAnswersIsUnavailableAfterTheTimeoutNotAHang() {
        CountDownLatch never = new CountDownLatch(1);
        KeyringSecretStore.Availability a = KeyringSecretStore.probe(Duration.ofMillis(300), Map.of(), "Linux", () -> {
            never.await();
            throw new AssertionError("unreachable");
        });
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("did not answer within 300 ms", "locked");
    }

    @Test
    void withoutADBusSessionTheReasonSaysSo() {
        KeyringSecretStore.Availability a = KeyringSecretStore.probe(Duration.ofSeconds(5), Map.of(), "Linux", () -> {
            throw new BackendNotSupportedException("No available keyring backend found");
        });
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("no D-Bus session", "DBUS_SESSION_BUS_ADDRESS is not set",
                "No available keyring backend found");

        KeyringSecretStore.Availability withBus = KeyringSecretStore.probe(Duration.ofSeconds(5),
                Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"), "Linux", () -> {
                    throw new BackendNotSupportedException("Error connecting to dbus");
                });
        assertThat(withBus.reason()).contains("no Secret Service keyring answered", "gnome-keyring");
    }

    @Test
    void aMissingEntryIsRecognisedInEachBackendsWords() {
        assertThat(KeyringSecretStore.notFound(new PasswordAccessException("No stored credentials match headroom "
                + "account: headroom/a/token"))).isTrue();
        assertThat(KeyringSecretStore.notFound(new PasswordAccessException("Password not Found"))).isTrue();
        assertThat(KeyringSecretStore.notFound(new PasswordAccessException("Error code 1168"))).isTrue();
        assertThat(KeyringSecretStore.notFound(new PasswordAccessException("Failed to get credential. -25300")))
                .isTrue();
        assertThat(KeyringSecretStore.notFound(new PasswordAccessException("Error code 5"))).isFalse();
    }
}
