package dev.headroom.ui.rollouts;

import java.util.Locale;

/** Where one host of a rollout is, derived from its update, verify and rollback steps. */
public enum HostState {
    /** None of its steps has begun. */
    WAITING,
    /** Its version trigger was sent; the update has not answered yet. */
    UPDATING,
    /** Updated; its health check has not run yet. */
    UPDATED,
    /** Running the new version beside the old for its shadow period (shadow-mode services). */
    SHADOW,
    /** Its health check is running. */
    VERIFYING,
    /** Updated and healthy. */
    HEALTHY,
    /** Being put back on its previous version. */
    ROLLING_BACK,
    /** Back on its previous version. */
    ROLLED_BACK,
    /** Its steps were skipped (abort or skip); it keeps its version. */
    SKIPPED,
    /** Not in this part any more: moved to the batch's next part (split, deferral, rollback); see that row. */
    MOVED,
    /** Deferred its version trigger too often and was left out of the batch; it keeps its version. */
    LEFT_OUT,
    /** A batch part paused by a hold (deferral, predictive pause, rollback) until the operator resumes. */
    HELD,
    /** A step of it failed; the rollout stopped there. */
    FAILED;

    /** "rolling back", for cells and tooltips. */
    public String label() {
        if (this == SHADOW) {
            return "in shadow";
        }
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The style class that colours it: {@code rollout-state-<name>}. */
    public String styleClass() {
        return "rollout-state-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
