package dev.headroom.approval;

/**
 * An approval and whether it still stands.
 *
 * @param currentHash the content hash of its scenario now; empty when the scenario is gone or unplanned
 */
public record ApprovalStatus(Approval approval, Standing standing, String currentHash) {
    /** Whether an approval still lets its plan be launched. */
    public enum Standing {
        /** Not revoked, and its scenario's plan and policy are still the approved ones. */
        VALID,
        /** Withdrawn with {@code headroom rollout revoke}. */
        REVOKED,
        /** The scenario was planned again to other batches, or its policy changed. */
        CHANGED,
        /** No scenario of that name is left (deleted or renamed), or it has no plan any more. */
        SCENARIO_GONE
    }

    public boolean valid() {
        return standing == Standing.VALID;
    }

    /** "valid", or "void: " and why, for lists. */
    public String describe() {
        Approval a = approval;
        return switch (standing) {
            case VALID -> "valid";
            case REVOKED -> "void: revoked at " + a.revokedAt().orElseThrow();
            case CHANGED -> "void: the plan or its policy changed after approval (now " + shortHash(currentHash) + ")";
            case SCENARIO_GONE -> "void: scenario " + a.scenario() + " is gone or unplanned (deleted or renamed)";
        };
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
