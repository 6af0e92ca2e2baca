package dev.headroom.providers.sandbox;

/**
 * Where the sandbox keeps what its mutating calls did: the fleet's hosts and surge reservations,
 * and one record per idempotency key. {@link #applyOnce} is one transaction, so the effect and the
 * record of its key are stored together or not at all.
 */
public interface SandboxLedger {
    /**
     * Applies {@code effect} unless {@code key} was already applied for the account; returns the
     * stored result of the first application either way.
     */
    String applyOnce(String account, String key, String action, String subject, Effect effect);

    /** The sandbox world an effect may change, inside {@link #applyOnce}'s transaction. */
    interface World {
        /** @throws dev.headroom.domain.HeadroomException when the host does not exist */
        String hostVersion(String host);

        void setHostVersion(String host, String version);

        void reserve(String reservationKey, String service, String region, String instanceType, int count);

        /** @return false when there is no such reservation or it was released already */
        boolean release(String reservationKey);

        /** Counts one application of {@code effect}, to check against the ledger's keys. */
        void count(String effect);
    }

    @FunctionalInterface
    interface Effect {
        String apply(World world);
    }
}
