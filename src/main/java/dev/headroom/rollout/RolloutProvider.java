package dev.headroom.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * What the rollout engine asks of an account's provider. Every call that changes the world takes
 * an idempotency key: a second call with a key already applied returns the first call's answer and
 * changes nothing, so the engine may re-issue a call whose answer it never stored.
 *
 * <p>Calls throw {@link dev.headroom.domain.HeadroomException} with an operator message when the
 * provider refuses or cannot be reached; the engine then retries or fails the step.
 * {@link ProviderThrottledException} (a subclass) says the provider asked to be called later.
 *
 * <p>Times passed in are <em>plan time</em>: the fleet's own time line, on which the plan's
 * window and the forecasts are laid out (in the sandbox, the generator's clock).
 */
public interface RolloutProvider {
    /** Reserves up to {@code count} instances; returns how many were granted (0 to count). */
    int reserve(String key, String account, String service, String region, String instanceType, int count);

    /** Gives back the reservation made with key {@code reservationKey}; releasing a released one is no error. */
    void release(String key, String account, String reservationKey);

    /**
     * Delivers the seed 000 version trigger to its host (the key is {@link VersionTrigger#idempotencyKey()}).
     * The host verifies the allocated resources it is told about against what it needs; when they
     * are short it defers and changes nothing, otherwise it drains, updates and answers with the
     * version it had before.
     */
    UpdateReply update(String account, VersionTrigger trigger);

    /**
     * When a version trigger with key {@code updateKey} was applied, the version its host had
     * before it; empty when none was applied. Read only. The engine asks after an update whose
     * reply it never got (a lost reply, a failure after the action): an abort must roll such a host
     * back although the step failed. Not a default method: a provider (or a wrapper) that forgot
     * it would silently leave such hosts on the new version.
     */
    Optional<String> appliedUpdate(String account, String updateKey);

    /** Puts {@code hosts} (comma-separated) back into service; a host already in service stays so. */
    void restoreTraffic(String key, String account, String hosts);

    /** Whether the host answers its health check; does not change anything. */
    boolean healthy(String account, String host);

    /**
     * What the provider sees of a service at plan time {@code at}: its load, the capacity in
     * service, surge and error rate. Empty when it has no live sample (the engine then monitors
     * nothing for that service and says so).
     */
    Optional<ServiceObservation> observe(String account, String service, Instant at);

    /**
     * Shadow mode (seed 004): runs {@code version} beside the host's current version and compares
     * them over {@code [from, to)} plan time. Starting a shadow twice with one key compares once.
     */
    ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to);
}
