package dev.headroom.approval;

import dev.headroom.domain.Check;

import java.time.Instant;
import java.util.Optional;

/**
 * An operator's approval of a scenario's plan as a whole.
 *
 * @param id          its number in the store; 0 before it is stored
 * @param contentHash the {@link dev.headroom.plan.PlanContent#hash()} of the plan and policy approved
 * @param note        what the approver wrote; may be empty
 * @param revokedAt   when it was withdrawn; empty while it stands
 */
public record Approval(long id, String account, String scenario, String contentHash, String approver, String note,
                       Instant approvedAt, Optional<Instant> revokedAt) {
    public Approval {
        Check.notBlank("account", account);
        Check.notBlank("scenario", scenario);
        Check.notBlank("content hash", contentHash);
        Check.notBlank("approver", approver);
        Check.notNull("note", note);
        Check.notNull("approved at", approvedAt);
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
    }

    public Approval withId(long newId) {
        return new Approval(newId, account, scenario, contentHash, approver, note, approvedAt, revokedAt);
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
