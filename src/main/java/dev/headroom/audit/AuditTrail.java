package dev.headroom.audit;

/**
 * The audit log as an engine service sees it: it records what it did on behalf of one actor (the
 * operator running the console or the command).
 */
public final class AuditTrail {
    private final AuditService audit;
    private final String actor;

    AuditTrail(AuditService audit, String actor) {
        this.audit = audit;
        this.actor = actor;
    }

    public String actor() {
        return actor;
    }

    /**
     * Appends a record timed now.
     *
     * @throws dev.headroom.domain.HeadroomException when the store cannot be written
     */
    public AuditRecord record(String account, AuditKind kind, String subject, String detail) {
        return audit.record(account, actor, kind, subject, detail);
    }
}
