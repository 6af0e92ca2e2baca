package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the sandbox keeps what its mutating calls did: the fleet's hosts, which of them are out of
 * service, surge reservations, one record per idempotency key, the events that were not actions
 * (deferrals, injected faults, spot interruptions) and the account's fault settings.
 * {@link #applyOnce} is one transaction, so the effect and the record of its key are stored
 * together or not at all.
 */
public interface SandboxLedger {
    /**
     * Applies {@code effect} unless {@code key} was already applied for the account; returns the
     * stored result of the first application either way.
     */
    default String applyOnce(String account, String key, String action, String subject, Effect effect) {
        return applyOnce(account, key, action, subject, null, effect);
    }

    /** As {@link #applyOnce(String, String, String, String, Effect)}, storing {@code message} (what the call carried) with the key. */
    String applyOnce(String account, String key, String action, String subject, String message, Effect effect);

    /** The stored result of {@code key}, when it was applied. */
    Optional<String> applied(String account, String key);

    /** The account's stored fleet (hosts, instance types, services, policy) without its metrics. */
    Optional<AccountSnapshot> fleet(String account);

    /** The account alone (cheap: no hosts), to tell whether a fleet read before is still the stored one. */
    Optional<Account> account(String account);

    /** The host's stored version now; empty when there is no such host. */
    Optional<String> hostVersion(String account, String host);

    /** Hosts of the account that are out of service. */
    Set<String> outOfService(String account);

    /** Hosts of the account that are out of service, each with the key of the call that drained it. */
    java.util.Map<String, String> drainedBy(String account);

    /** The last recorded update duration of each host that was drained for one, in minutes of fleet time. */
    java.util.Map<String, Double> updateMinutes(String account);

    /** The message stored with an applied key (an update's version trigger text); empty when none. */
    Optional<String> message(String account, String key);

    /** Reservations not released yet. */
    List<Reservation> reservations(String account);

    /** The account's fault settings; {@link SandboxFaults#NONE} when none were set. */
    SandboxFaults faults(String account);

    /** Replaces the account's fault settings (none clears them). */
    void setFaults(String account, SandboxFaults faults);

    /** Counts one more call for {@code callKey} and returns its number (1 for the first), in its own transaction. */
    int nextAttempt(String account, String callKey);

    /** Appends an event, in its own transaction. */
    void record(String account, Event event);

    /** The account's events, oldest first. */
    List<SandboxEvent> events(String account);

    /**
     * Carries out the spot interruptions that are due on the ledger's clock: each reservation whose
     * interruption time has come loses its {@code revokeCount} instances, with an event. Returns
     * how many reservations were interrupted now.
     */
    int interruptDue(String account);

    /** The ledger's clock (the rollout's clock). */
    Instant now();

    /** Something the sandbox logs besides applied actions. */
    record Event(String kind, String subject, Optional<String> key, int attempt, String detail,
                 Optional<String> message) {
        public static Event of(String kind, String subject, String key, int attempt, String detail) {
            return new Event(kind, subject, Optional.ofNullable(key), attempt, detail, Optional.empty());
        }
    }

    /** A logged event with its place and time. */
    record SandboxEvent(long seq, Instant at, String kind, String subject, Optional<String> key, int attempt,
                        String detail, Optional<String> message) {
    }

    /**
     * A held reservation: {@code count} instances granted of {@code requested}, {@code revoked} of
     * them taken back by a spot interruption.
     */
    record Reservation(String key, String service, String region, String instanceType, int requested, int count,
                       int revoked, Optional<Instant> revokeAt) {
        public int serving() {
            return count - revoked;
        }
    }

    /** The sandbox world an effect may change, inside {@link #applyOnce}'s transaction. */
    interface World {
        /** @throws dev.headroom.domain.HeadroomException when the host does not exist */
        String hostVersion(String host);

        void setHostVersion(String host, String version);

        /** Takes the host out of service (drained) on behalf of call {@code by}. */
        void drain(String host, String by, double updateMinutes);

        /**
         * Puts the host back into service.
         *
         * @throws dev.headroom.domain.HeadroomException when the host does not exist
         */
        void restore(String host, String by);

        /** Instances of the type held in the region (granted, not released, not revoked). */
        int heldInstances(String region, String instanceType);

        default void reserve(String reservationKey, String service, String region, String instanceType, int count) {
            reserve(reservationKey, service, region, instanceType, count, count, Optional.empty(), 0);
        }

        /** A reservation of {@code granted} of {@code requested}; a spot interruption takes {@code revokeCount} back at {@code revokeAt}. */
        void reserve(String reservationKey, String service, String region, String instanceType, int requested,
                     int granted, Optional<Instant> revokeAt, int revokeCount);

        /** @return false when there is no such reservation or it was released already */
        boolean release(String reservationKey);

        /** Counts one application of {@code effect}, to check against the ledger's keys. */
        void count(String effect);

        /** What the call reports beyond its result (a slow update's duration), stored with its key. */
        void detail(String detail);

        /** Appends an event in this transaction. */
        void record(Event event);

        Instant now();
    }

    @FunctionalInterface
    interface Effect {
        String apply(World world);
    }
}
