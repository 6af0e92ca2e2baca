package dev.headroom.audit;

/** What an audit record is about; {@link #label()} is the text stored in the log and shown to operators. */
public enum AuditKind {
    /** A plan was approved. */
    APPROVAL("approval"),
    /** An approval was withdrawn. */
    REVOKE("revoke"),
    /** A rollout of an approved plan was started. */
    LAUNCH("launch"),
    /** A rollout step changed state. */
    STEP("step"),
    /** Surge capacity was requested, granted, refused or released. */
    RESERVATION("reservation"),
    /** A version trigger was sent to a host, or the host deferred. */
    TRIGGER("trigger"),
    /** Actual load or a health check departed from what was predicted. */
    ALERT("alert"),
    /** An operator paused, resumed, aborted, rolled back or skipped something. */
    OPERATOR_ACTION("operator-action"),
    /** A what-if scenario was saved, cloned, renamed or deleted. */
    SCENARIO("scenario"),
    /** The dependency graph was imported into or edited. */
    GRAPH("graph");

    private final String label;

    AuditKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
