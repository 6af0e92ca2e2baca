package dev.headroom.credentials;

import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretStoresTest {
    private static final String REF = SecretStore.reference("prom", "bearer-token");

    @TempDir
    Path dataDir;

    private final AtomicInteger probes = new AtomicInteger();

    private Supplier<KeyringSecretStore.Availability> noKeyring() {
        return () -> {
            probes.incrementAndGet();
            return new KeyringSecretStore.Availability(Optional.empty(), "there is no D-Bus session (test)");
        };
    }

    private static PassphraseSource passphrase() {
        return (f, c) -> "correct horse battery".toCharArray();
    }

    @Test
    void withoutAKeyringSecretsGoToTheEncryptedFileAndTheDescriptionSaysWhy() {
        SecretStore store = SecretStores.open(dataDir, SecretStores.Choice.AUTO, noKeyring(), passphrase());
        store.put(REF, "tok-1".toCharArray());
        assertThat(SecretStores.secretsFile(dataDir)).exists();
        assertThat(new String(store.get(REF).orElseThrow())).isEqualTo("tok-1");
        assertThat(store.describe()).contains("encrypted file", "secrets.enc", "no OS keyring",
                "there is no D-Bus session");
    }

    @Test
    void theChoiceWaitsForTheFirstUse() {
        SecretStore store = SecretStores.open(dataDir, SecretStores.Choice.AUTO, noKeyring(), passphrase());
        assertThat(store.toString()).contains("not chosen");
        assertThat(probes).hasValue(0);
        store.get(REF);
        store.get(REF);
        assertThat(probes).hasValue(1);
    }

    @Test
    void anExistingSecretsFileStaysInUseWithoutAskingTheKeyring() {
        SecretStores.open(dataDir, SecretStores.Choice.FILE, noKeyring(), passphrase()).put(REF, "tok".toCharArray());
        SecretStore store = SecretStores.open(dataDir, SecretStores.Choice.AUTO, () -> {
            throw new AssertionError("the keyring must not be probed while a secrets file exists");
        }, passphrase());
        assertThat(new String(store.get(REF).orElseThrow())).isEqualTo("tok");
        assertThat(store.describe()).contains("encrypted file", "stays in use");
    }

    @Test
    void theFileCanBeForcedWithoutProbing() {
        SecretStore store = SecretStores.open(dataDir, SecretStores.Choice.FILE, () -> {
            throw new AssertionError("forced file: no probe");
        }, passphrase());
        store.put(REF, "tok".toCharArray());
        assertThat(store.describe()).startsWith("encrypted file");
    }

    @Test
    void aForcedKeyringThatIsMissingIsAnErrorNotAFallback() {
        SecretStore store = SecretStores.open(dataDir, SecretStores.Choice.KEYRING, noKeyring(), passphrase());
        assertThatThrownBy(() -> store.put(REF, "tok".toCharArray())).isInstanceOf(HeadroomException.class)
                .extracting(e -> ((HeadroomException) e).operatorMessage()).asString()
                .contains("HEADROOM_SECRET_STORE=keyring", "there is no D-Bus session", "HEADROOM_SECRET_STORE=file");
        assertThat(SecretStores.secretsFile(dataDir)).doesNotExist();
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSettingIsParsedWithAClearMessage() {
        assertThat(SecretStores.Choice.parse(null, "X")).isEqualTo(SecretStores.Choice.AUTO);
        assertThat(SecretStores.Choice.parse(" File ", "X")).isEqualTo(SecretStores.Choice.FILE);
        assertThat(SecretStores.Choice.parse("keyring", "X")).isEqualTo(SecretStores.Choice.KEYRING);
        assertThatThrownBy(() -> SecretStores.Choice.parse("plain", "HEADROOM_SECRET_STORE"))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("HEADROOM_SECRET_STORE is \"plain\"")
                .hasMessageContaining("auto, keyring or file");
    }

    @Test
    void secretsReadThroughTheStoreAreMaskedInLogsFromThenOn() {
        SecretStore store = SecretStores.open(dataDir, SecretStores.Choice.FILE, noKeyring(), passphrase());
        store.put(REF, "zq-remembered-7731".toCharArray());
        assertThat(Redaction.redact("GET failed for zq-remembered-7731 at host"))
                .isEqualTo("GET failed for " + Redaction.MASK + " at host");
    }

    @Test
    void passphraseFromTheEnvironmentAFileOrNowhere() throws IOException {
        Path target = dataDir.resolve("secrets.enc");
        assertThat(PassphraseSource.environment(Map.of("HEADROOM_PASSPHRASE", "from-env-123")).passphrase(target, false))
                .containsExactly("from-env-123".toCharArray());

        Path file = Files.write(dataDir.resolve("pass"), "from-file \u00e9\nsecond line\n".getBytes(StandardCharsets.UTF_8));
        assertThat(PassphraseSource.standard(Map.of("HEADROOM_PASSPHRASE_FILE", file.toString(),
                "HEADROOM_PASSPHRASE", "loses"), null).passphrase(target, true))
                .containsExactly("from-file \u00e9".toCharArray());
        assertThat(PassphraseSource.standard(Map.of("HEADROOM_PASSPHRASE", "from-env-123"), null).passphrase(target,
                false)).containsExactly("from-env-123".toCharArray());

        assertThatThrownBy(() -> PassphraseSource.standard(Map.of(), null).passphrase(target, false))
                .isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no terminal").hasMessageContaining("HEADROOM_PASSPHRASE_FILE")
                .hasMessageContaining(target.toString());
        assertThatThrownBy(() -> PassphraseSource.fromFile(dataDir.resolve("missing")).passphrase(target, false))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("does not exist");
        Path empty = Files.write(dataDir.resolve("empty"), "\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PassphraseSource.fromFile(empty).passphrase(target, false))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("is empty");
    }
}
