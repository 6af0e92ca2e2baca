package dev.headroom.approval;

import dev.headroom.audit.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Where approvals are kept (a port; {@code persistence.SqliteApprovalRepository} keeps them with
 * the audit log in the fleet's database). Each change is stored together with its audit record
 * in one transaction: there is no approval or revocation without its record, nor the other way
 * round.
 *
 * <p>Every method throws {@link dev.headroom.domain.HeadroomException} when the store cannot be used.
 */
public interface ApprovalRepository {
    /**
     * Stores a new approval and the audit record {@code audit} makes of it (given the stored
     * approval, with its id).
     *
     * @return the approval with its id
     */
    Approval add(Approval approval, Function<Approval, AuditEntry> audit);

    /**
     * Marks the account's approvals {@code ids} that still stand as revoked at {@code at}, and
     * appends {@code audit}, in one transaction.
     *
     * @return how many were revoked
     */
    int revoke(String account, List<Long> ids, Instant at, AuditEntry audit);

    /** The account's approvals, oldest first, revoked ones included. */
    List<Approval> list(String account);
}
