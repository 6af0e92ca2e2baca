package dev.headroom.rollout;

import dev.headroom.audit.AuditEntry;

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

    /** Stores a new rollout with all its steps pending. */
    void create(Rollout rollout, List<RolloutStep> steps, AuditEntry audit);

    Optional<Rollout> rollout(String id);

    /** Every rollout of the account, oldest first. */
    List<Rollout> rollouts(String account);

    /** Rollouts of every account whose status needs a driver. */
    List<Rollout> unfinished();

    /** The rollout's steps in seq order. */
    List<RolloutStep> steps(String rolloutId);

    /** pending|started → started, attempts + 1 (started_at kept from the first attempt). */
    void started(RolloutStep step, AuditEntry audit);

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

    /** A failed step goes back to pending and the rollout to running (resume after a failure). */
    void retryFailed(String rolloutId, AuditEntry audit);
}
