package dev.headroom.rollout;

import java.util.Locale;

/** What a rollout step does; {@link #label()} is stored in the journal and shown to operators. */
public enum StepKind {
    /** Ask the provider for one reservation of the batch's surge capacity. */
    RESERVE,
    /** Send the host its version trigger, drain it and update it to the target version. */
    UPDATE,
    /**
     * Shadow mode (seed 004): run the new version beside the old over the service's shadow period,
     * then switch when its error rate and health hold, or abandon (roll the host back).
     */
    SHADOW,
    /** Check the updated host's health (a few times, with backoff); a failure rolls the batch back. */
    VERIFY,
    /** Put the batch's hosts back into service. */
    RESTORE,
    /** Wait the policy's stabilisation period on the rollout's clock before surge is released. */
    STABILISE,
    /** Give one reservation back to the provider. */
    RELEASE,
    /** Put an updated host back on its previous version (abort, batch rollback, abandoned shadow). */
    ROLLBACK,
    /**
     * Pause the rollout here, with the reason and what to do: after a deferred batch or a batch
     * rollback, so that the compensation before it runs first and nothing after it starts until
     * an operator resumes.
     */
    HOLD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepKind parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
