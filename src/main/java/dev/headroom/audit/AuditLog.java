package dev.headroom.audit;

import java.util.List;

/**
 * Where the audit log is kept (a port; {@code persistence.SqliteAuditLog} keeps it in the fleet's
 * database). Append-only: nothing in Headroom changes or removes a record once written.
 */
public interface AuditLog {
    /**
     * Appends {@code entry} as the next record: reads the last record's number and hash and inserts
     * the new record, numbered one more and chained to that hash, in one write transaction.
     *
     * @return the record as stored
     * @throws dev.headroom.domain.HeadroomException when the store cannot be written; nothing is appended then
     */
    AuditRecord append(AuditEntry entry);

    /**
     * Every record as stored, in number order, without any check.
     *
     * @throws dev.headroom.domain.HeadroomException when the store cannot be read
     */
    List<AuditRecord> records();
}
