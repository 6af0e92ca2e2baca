package dev.headroom.rollout;

import java.util.Locale;

/** What a rollout step does; {@link #label()} is stored in the journal and shown to operators. */
public enum StepKind {
    /** Ask the provider for one reservation of the batch's surge capacity. */
    RESERVE,
    /** Send the host its version trigger, drain it and update it to the target version. */
    UPDATE,
    /** Check the updated host's health. */
    VERIFY,
    /** Put the batch's hosts back into service. */
    RESTORE,
    /** Wait the policy's stabilisation period on the rollout's clock before surge is released. */
    STABILISE,
    /** Give one reservation back to the provider. */
    RELEASE,
    /** Abort only: put an updated host back on its previous version. */
    ROLLBACK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepKind parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
