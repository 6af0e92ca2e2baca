package dev.headroom.plan;

/** Why a host could not join a batch: the constraint, and the numbers in operator words. */
public record Rejection(Constraint constraint, String detail) {
    /** The text with the knob that would relax the constraint. */
    public String explain() {
        return constraint.label() + ": " + detail + " (to relax: " + constraint.knob() + ")";
    }
}
