package dev.headroom.credentials;

import dev.headroom.domain.HeadroomException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Chooses where an installation's secrets go. The keyring when one answers, else the encrypted
 * file {@value EncryptedFileSecretStore#FILE_NAME} in the data directory; never plain text.
 *
 * <p>Rules, in order: {@value #ENV_STORE} (or the choice passed in) {@code file} or
 * {@code keyring} forces one (a forced keyring that is unavailable is an error, not a fallback);
 * with {@code auto}, an existing secrets file keeps being used (its secrets would be lost to a
 * keyring that appeared later); otherwise the keyring when the bounded probe finds one, else the
 * file, and {@link SecretStore#describe()} says why.
 *
 * <p>The choice is made on the store's first use, not when it is opened: commands that never touch
 * a secret neither wait for the keyring probe nor ask for a passphrase.
 */
public final class SecretStores {
    /** Environment variable forcing where secrets go: {@code auto} (default), {@code keyring} or {@code file}. */
    public static final String ENV_STORE = "HEADROOM_SECRET_STORE";

    private static final Logger LOG = Logger.getLogger(SecretStores.class.getName());

    private SecretStores() {
    }

    /** Where secrets go. */
    public enum Choice {
        AUTO, KEYRING, FILE;

        /** Parses {@code auto}, {@code keyring} or {@code file}; {@code from} names the setting in the message. */
        public static Choice parse(String text, String from) {
            if (text == null || text.isBlank()) {
                return AUTO;
            }
            for (Choice c : values()) {
                if (c.name().equalsIgnoreCase(text.strip())) {
                    return c;
                }
            }
            throw new HeadroomException(from + " is \"" + text + "\", which is not a place for secrets. Use auto, "
                    + "keyring or file.");
        }
    }

    /**
     * The store for this process on {@code dataDir}: choice from {@value #ENV_STORE}, the real
     * keyring probe, the passphrase from {@link PassphraseSource#standard()}. This is the call the
     * engine and the CLI use.
     */
    public static SecretStore forDataDirectory(Path dataDir) {
        Map<String, String> env = System.getenv();
        return open(dataDir, Choice.parse(env.get(ENV_STORE), ENV_STORE), () -> KeyringSecretStore.probe(
                KeyringSecretStore.PROBE_TIMEOUT, env), PassphraseSource.standard());
    }

    /**
     * The store on {@code dataDir}, chosen on first use as the class comment says.
     *
     * @param keyring the keyring probe (tests pass one that answers "unavailable")
     */
    public static SecretStore open(Path dataDir, Choice choice, Supplier<KeyringSecretStore.Availability> keyring,
                                   PassphraseSource passphrases) {
        return new Chosen(() -> choose(dataDir, choice, keyring, passphrases));
    }

    /** The encrypted file of {@code dataDir}. */
    public static Path secretsFile(Path dataDir) {
        return dataDir.resolve(EncryptedFileSecretStore.FILE_NAME);
    }

    static SecretStore choose(Path dataDir, Choice choice, Supplier<KeyringSecretStore.Availability> keyring,
                              PassphraseSource passphrases) {
        Path file = secretsFile(dataDir);
        switch (choice) {
            case FILE:
                return new EncryptedFileSecretStore(file, passphrases);
            case KEYRING: {
                KeyringSecretStore.Availability a = keyring.get();
                return a.store().orElseThrow(() -> new HeadroomException("Secrets are set to go to the OS keyring ("
                        + ENV_STORE + "=keyring), and no keyring is available: " + a.reason() + ". Make one "
                        + "available, or set " + ENV_STORE + "=file to keep them in the encrypted file " + file + "."));
            }
            default:
                if (Files.exists(file)) {
                    return new Described(new EncryptedFileSecretStore(file, passphrases), "encrypted file " + file
                            + " (it exists, so it stays in use; see docs/credentials.md to move to the keyring)");
                }
                KeyringSecretStore.Availability a = keyring.get();
                if (a.available()) {
                    return a.store().get();
                }
                LOG.info(() -> "no OS keyring, secrets go to the encrypted file " + file + ": " + a.reason());
                return new Described(new EncryptedFileSecretStore(file, passphrases), "encrypted file " + file
                        + " (no OS keyring: " + a.reason() + ")");
        }
    }

    /** A store with a longer description: why it was chosen. */
    private record Described(SecretStore store, String description) implements SecretStore {
        @Override
        public void put(String reference, char[] secret) {
            store.put(reference, secret);
        }

        @Override
        public Optional<char[]> get(String reference) {
            return store.get(reference);
        }

        @Override
        public void delete(String reference) {
            store.delete(reference);
        }

        @Override
        public String describe() {
            return description;
        }
    }

    /** Chooses on first use and teaches {@link Redaction} every secret that passes through. */
    private static final class Chosen implements SecretStore {
        private final Supplier<SecretStore> choice;
        private SecretStore store;

        Chosen(Supplier<SecretStore> choice) {
            this.choice = choice;
        }

        private synchronized SecretStore store() {
            if (store == null) {
                store = choice.get();
            }
            return store;
        }

        @Override
        public void put(String reference, char[] secret) {
            Redaction.remember(secret);
            store().put(reference, secret);
        }

        @Override
        public Optional<char[]> get(String reference) {
            Optional<char[]> secret = store().get(reference);
            secret.ifPresent(Redaction::remember);
            return secret;
        }

        @Override
        public void delete(String reference) {
            store().delete(reference);
        }

        @Override
        public String describe() {
            return store().describe();
        }

        @Override
        public String toString() {
            // never the secrets; the choice only once made, so that printing this does not probe
            return store == null ? "secret store (not chosen yet)" : store.describe();
        }
    }
}
