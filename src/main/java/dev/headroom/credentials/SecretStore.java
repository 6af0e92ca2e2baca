package dev.headroom.credentials;

import java.util.Optional;

/**
 * Where an account's secrets (bearer tokens, passwords, client keys) live: the operating system's
 * keyring, or where there is none an encrypted file unlocked with the operator's passphrase. Never
 * the SQLite file, logs, exports or screenshots: an account's settings hold only a reference
 * ({@link #reference}), and providers ask this store for the secret when they connect.
 *
 * <p>Methods throw {@link dev.headroom.domain.HeadroomException} with an operator message when the
 * store cannot be reached or unlocked; a failed write leaves what was stored before.
 */
public interface SecretStore {

    /** Stores (or replaces) the secret under {@code reference}. */
    void put(String reference, char[] secret);

    /** The secret stored under {@code reference}; empty when there is none. */
    Optional<char[]> get(String reference);

    /** Removes the secret; removing an absent one is no error. */
    void delete(String reference);

    /** Where secrets go, for the operator ("Secret Service keyring", "encrypted file ~/.headroom/secrets.enc"). */
    String describe();

    /** The reference an account's setting {@code field} is stored under: {@code headroom/<account>/<field>}. */
    static String reference(String account, String field) {
        return "headroom/" + account + "/" + field;
    }
}
