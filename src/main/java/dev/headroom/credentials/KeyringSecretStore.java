package dev.headroom.credentials;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import dev.headroom.domain.HeadroomException;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Secrets in the operating system's keyring through java-keyring: the Secret Service (GNOME
 * Keyring, KeePassXC…) on Linux, the Keychain on macOS, the Credential Manager on Windows. Each
 * secret is an entry of service {@value #SERVICE} whose account is the secret's reference.
 *
 * <p>A keyring can block on an unlock prompt nobody sees (a locked collection on a headless
 * machine), so every call runs on one daemon thread and is abandoned after a bounded wait; after a
 * call timed out the store refuses further calls instead of queueing them behind the stuck one.
 * The library takes and returns secrets as {@code String}s, which cannot be wiped; this store wipes
 * what it can and the keyring holds the secret encrypted at rest.
 */
public final class KeyringSecretStore implements SecretStore, AutoCloseable {
    /** The keyring "service" every Headroom secret is filed under. */
    public static final String SERVICE = "headroom";
    /** How long {@link #probe} waits for the keyring to answer. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** How long one call may take; long enough for an operator to answer a desktop unlock prompt. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final String PROBE_REFERENCE = "headroom/.probe/availability";

    private final Keyring keyring;
    private final ExecutorService thread;
    private final Duration callTimeout;
    private final String where;
    private volatile String stuck;

    private KeyringSecretStore(Keyring keyring, ExecutorService thread, Duration callTimeout) {
        this.keyring = keyring;
        this.thread = thread;
        this.callTimeout = callTimeout;
        this.where = label(keyring.getKeyringStorageType());
    }

    /** Whether a keyring answered the probe, with the store when it did and the reason when not. */
    public record Availability(Optional<KeyringSecretStore> store, String reason) {
        public boolean available() {
            return store.isPresent();
        }

        static Availability no(String reason) {
            return new Availability(Optional.empty(), reason);
        }
    }

    /** {@link #probe(Duration, Map)} for this process with {@link #PROBE_TIMEOUT}. */
    public static Availability probe() {
        return probe(PROBE_TIMEOUT, System.getenv());
    }

    /**
     * Opens the keyring and stores, reads back and removes a test entry, within {@code timeout}: a
     * keyring that cannot (none installed, no D-Bus session, locked or behind a prompt) is
     * unavailable, and the reason says which.
     */
    public static Availability probe(Duration timeout, Map<String, String> env) {
        return probe(timeout, env, System.getProperty("os.name", ""), Keyring::create);
    }

    /** As {@link #probe(Duration, Map)} with the keyring from {@code opener} (tests pass one that hangs or fails). */
    static Availability probe(Duration timeout, Map<String, String> env, String osName, Callable<Keyring> opener) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "headroom-keyring");
            t.setDaemon(true);
            return t;
        });
        Future<KeyringSecretStore> opening = thread.submit(() -> {
            Keyring keyring = opener.call();
            try {
                // a round trip, not only a read: a Secret Service without an unlocked default collection
                // answers reads of absent entries and fails every write
                String value = "probe-" + Long.toHexString(System.nanoTime());
                keyring.setPassword(SERVICE, PROBE_REFERENCE, value);
                String back = keyring.getPassword(SERVICE, PROBE_REFERENCE);
                keyring.deletePassword(SERVICE, PROBE_REFERENCE);
                if (!value.equals(back)) {
                    throw new IllegalStateException("it returned another value than it was given");
                }
                return new KeyringSecretStore(keyring, thread, CALL_TIMEOUT);
            } catch (Exception e) {
                try {
                    keyring.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        });
        try {
            return new Availability(Optional.of(opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS)), "");
        } catch (TimeoutException e) {
            opening.cancel(true);
            thread.shutdownNow();
            return Availability.no("the keyring did not answer within " + span(timeout) + " (it may be locked "
                    + "and waiting for an unlock prompt that cannot be shown)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
            return Availability.no("the check of the keyring was interrupted");
        } catch (ExecutionException e) {
            thread.shutdownNow();
            return Availability.no(reason(e.getCause(), env, osName));
        }
    }

    private static String span(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static String reason(Throwable failure, Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null && chain.length() < 300; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chain.append(chain.length() == 0 ? "" : ": ").append(t.getMessage().strip());
            }
        }
        String detail = chain.length() == 0 ? String.valueOf(failure) : chain.toString();
        if (failure instanceof BackendNotSupportedException && os.contains("linux")) {
            String bus = env.get("DBUS_SESSION_BUS_ADDRESS");
            if (bus == null || bus.isBlank()) {
                return "there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service "
                        + "keyring can be reached (" + detail + ")";
            }
            return "no Secret Service keyring answered on the D-Bus session bus; install and unlock one "
                    + "(gnome-keyring, KeePassXC) (" + detail + ")";
        }
        if (failure instanceof BackendNotSupportedException) {
            return "no keyring this version supports was found (" + detail + ")";
        }
        return "the keyring could not store and return a test entry; it may be locked (" + detail + ")";
    }

    @Override
    public void put(String reference, char[] secret) {
        check(reference);
        String value = new String(secret);
        call("store the secret " + reference, () -> {
            keyring.setPassword(SERVICE, reference, value);
            return null;
        });
    }

    @Override
    public Optional<char[]> get(String reference) {
        check(reference);
        return call("read the secret " + reference, () -> read(reference));
    }

    @Override
    public void delete(String reference) {
        check(reference);
        call("remove the secret " + reference, () -> {
            try {
                keyring.deletePassword(SERVICE, reference);
            } catch (PasswordAccessException e) {
                if (!notFound(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return where;
    }

    /** Closes the keyring connection; the store cannot be used afterwards. */
    @Override
    public void close() {
        try {
            thread.submit(() -> {
                keyring.close();
                return null;
            }).get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            // closing is best effort: the daemon thread and the connection end with the process
        } finally {
            thread.shutdownNow();
        }
    }

    private Optional<char[]> read(String reference) throws PasswordAccessException {
        try {
            String value = keyring.getPassword(SERVICE, reference);
            return Optional.ofNullable(value).map(String::toCharArray);
        } catch (PasswordAccessException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * java-keyring reports a missing entry as an exception like any other failure; these are the
     * messages its backends use for one (Secret Service, Windows "Password not Found" and error
     * 1168, macOS errSecItemNotFound -25300).
     */
    static boolean notFound(PasswordAccessException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("no stored credentials") || m.contains("not found") || m.contains("no password to delete")
                || m.contains("1168") || m.contains("-25300");
    }

    private <T> T call(String what, Callable<T> work) {
        String wasStuck = stuck;
        if (wasStuck != null) {
            throw new HeadroomException("Headroom could not " + what + " in the " + where + ": " + wasStuck
                    + ". Unlock the keyring, then start Headroom again.");
        }
        Future<T> result;
        try {
            result = thread.submit(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new HeadroomException("Headroom could not " + what + ": the connection to the " + where
                    + " is closed. Start Headroom again.", e);
        }
        try {
            return result.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            stuck = "an earlier call got no answer within " + span(callTimeout);
            throw new HeadroomException("The " + where + " did not answer within " + span(callTimeout)
                    + ", so Headroom could not " + what + ". It may be locked and waiting for an unlock prompt. "
                    + "Unlock it and try again, or force the encrypted file (" + SecretStores.ENV_STORE + "=file).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Headroom was interrupted while it tried to " + what + ".", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // the library's messages name the service and reference, never the secret
            throw new HeadroomException("The " + where + " refused to " + what.replace("the secret", "secret") + " ("
                    + cause.getMessage() + "). Check that the keyring is unlocked and that Headroom may use it, then "
                    + "try again.", "keyring failure: " + cause, cause);
        }
    }

    private static void check(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("bad secret reference: " + reference);
        }
    }

    static String label(KeyringStorageType type) {
        if (type == null) {
            return "OS keyring";
        }
        return switch (type) {
            case GNOME_KEYRING -> "Secret Service keyring";
            case KWALLET -> "KDE Wallet";
            case OSX_KEYCHAIN, LEGACY_OSX_KEYCHAIN -> "macOS Keychain";
            case WINDOWS_CREDENTIAL_STORE -> "Windows Credential Manager";
        };
    }
}
