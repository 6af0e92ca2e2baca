package dev.headroom.rollout;

/**
 * What the rollout engine asks of an account's provider. Every call that changes the world takes
 * an idempotency key: a second call with a key already applied returns the first call's answer and
 * changes nothing, so the engine may re-issue a call whose answer it never stored.
 *
 * <p>Calls throw {@link dev.headroom.domain.HeadroomException} with an operator message when the
 * provider refuses or cannot be reached; the engine then fails the step.
 */
public interface RolloutProvider {
    /** Reserves up to {@code count} instances; returns how many were granted (0 to count). */
    int reserve(String key, String account, String service, String region, String instanceType, int count);

    /** Gives back the reservation made with key {@code reservationKey}; releasing a released one is no error. */
    void release(String key, String account, String reservationKey);

    /** Drains {@code host} and puts it on {@code version}; returns the version it had before this key's call. */
    String update(String key, String account, String host, String version);

    /** Puts {@code hosts} (comma-separated) back into service. */
    void restoreTraffic(String key, String account, String hosts);

    /** Whether the host answers its health check; does not change anything. */
    boolean healthy(String account, String host);
}
