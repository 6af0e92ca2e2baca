package dev.headroom.rollout;

import dev.headroom.audit.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of rollouts and their steps. Every method is one transaction, and each
 * writes its audit record in that same transaction, so a transition and its record are stored
 * together or not at all. Methods throw {@link dev.headroom.domain.HeadroomException} when the
 * store cannot be used.
 */
public interface RolloutJournal {
    /** The next free rollout id of the store, e.g. {@code r3}. */
    String nextId();

    /** Stores a new rollout (with its settings) with all its steps pending. */
    void create(Rollout rollout, List<RolloutStep> steps, AuditEntry audit);

    Optional<Rollout> rollout(String id);

    /** Every rollout of the account, oldest first. */
    List<Rollout> rollouts(String account);

    /** Rollouts of every account whose status needs a driver. */
    List<Rollout> unfinished();

    /** The rollout's steps in seq order. */
    List<RolloutStep> steps(String rolloutId);

    /**
     * pending|started → started, attempts + 1 (started_at kept from the first attempt).
     *
     * @return false, changing nothing, when the step is no longer pending or started (an operator
     *         skipped it meanwhile)
     */
    boolean started(RolloutStep step, AuditEntry audit);

    /** started → done with the provider's answer. */
    void done(RolloutStep step, String result, AuditEntry audit);

    /** started → failed with the reason; the rollout becomes failed in the same transaction. */
    void failed(RolloutStep step, String reason, AuditEntry audit);

    /** Changes the rollout's status and detail. */
    void status(String rolloutId, RolloutStatus status, String detail, AuditEntry audit);

    /**
     * Abort planning, atomically: every pending step becomes skipped and {@code compensation} is
     * appended after the last step.
     */
    void compensate(String rolloutId, List<RolloutStep> compensation, AuditEntry audit);

    /** The last failed step goes back to pending and the rollout to running (resume after a failure). */
    void retryFailed(String rolloutId, AuditEntry audit);

    /** Applies {@code change} to the rollout's steps, alerts and status in one transaction. */
    void replan(String rolloutId, Replan change, AuditEntry audit);

    /** Whether the rollout's abort has had its compensation planned ({@link Replan#compensationPlanned}). */
    boolean compensationPlanned(String rolloutId);

    /** Records an operator's request for the driver ("" clears it), with the rollout running again if paused. */
    void request(String rolloutId, String request, Optional<RolloutStatus> status, String detail, AuditEntry audit);

    /** Only an audit record (a retry attempt, a deferral), in its own transaction. */
    void note(AuditEntry audit);

    /**
     * Raises an alert with its audit record; with a {@code topic} already raised for the rollout it
     * does nothing (once-only alerts).
     *
     * @return whether it was raised
     */
    boolean alert(RolloutAlert alert, String topic, AuditEntry audit);

    /** The rollout's alerts, oldest first. */
    List<RolloutAlert> alerts(String rolloutId);

    /** Stores a monitoring tick. */
    void loadCheck(LoadCheck check);

    /** The rollout's monitoring ticks, oldest first. */
    List<LoadCheck> loadChecks(String rolloutId);

    /**
     * Takes the rollout's lease for {@code holder} until {@code expires} when it is free, held by
     * {@code holder} already, or {@code stale}.
     *
     * @return empty when taken; otherwise the lease of the live holder that keeps it
     */
    Optional<Lease> acquire(String rolloutId, String holder, Instant expires, java.util.function.Predicate<Lease> stale);

    /** Extends the holder's lease; false when it is no longer the holder's (taken over after it expired). */
    boolean renew(String rolloutId, String holder, Instant expires);

    /** Gives the lease up, if the holder still has it. */
    void releaseLease(String rolloutId, String holder);

    Optional<Lease> lease(String rolloutId);

    /**
     * Told when every step of the rollout has finished, just before its end status ({@code end}:
     * done or aborted) is stored: a journal that learns writes what actually happened where the
     * next forecast and plan learn from it ({@link RolloutOutcome}). A driver stopped in between
     * tells it again when it finishes the rollout, so it must not count a rollout twice. Learns
     * nothing by default.
     *
     * @param progress told what was written, in operator words
     */
    default void ending(Rollout rollout, RolloutStatus end, java.util.function.Consumer<String> progress) {
    }
}
