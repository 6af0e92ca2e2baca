package dev.headroom.audit;

import dev.headroom.domain.Check;

import java.time.Instant;

/**
 * What is to be appended to the audit log; the log gives it its number and hashes.
 *
 * @param account the account the action concerns
 * @param actor   who did it: an operator's name, or {@code headroom} for the engine itself
 * @param subject what it was done to (a scenario, an edge, a batch), short
 * @param detail  what happened, in operator words; may be empty
 */
public record AuditEntry(Instant at, String account, String actor, AuditKind kind, String subject, String detail) {
    public AuditEntry {
        Check.notNull("at", at);
        Check.notBlank("account", account);
        Check.notBlank("actor", actor);
        Check.notNull("kind", kind);
        Check.notNull("subject", subject);
        Check.notNull("detail", detail);
    }
}
