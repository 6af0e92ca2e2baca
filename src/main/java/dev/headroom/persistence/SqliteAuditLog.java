package dev.headroom.persistence;

import dev.headroom.audit.AuditChain;
import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditLog;
import dev.headroom.audit.AuditRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link AuditLog} in the fleet's SQLite file (schema 6's {@code audit} table). */
public final class SqliteAuditLog implements AuditLog {
    private static final String COLUMNS = "seq, at, account, actor, kind, subject, detail, prev_hash, hash";
    private final SqliteStore store;

    public SqliteAuditLog(SqliteStore store) {
        this.store = store;
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        return store.write(entry.account(), c -> append(c, entry));
    }

    /**
     * Appends inside the caller's write transaction, so that an action and its record are stored
     * together or not at all. The write lock the transaction holds ({@code BEGIN IMMEDIATE}) is
     * what keeps two appends from chaining to the same head.
     */
    static AuditRecord append(Connection c, AuditEntry entry) throws SQLException {
        long seq = 1;
        String prev = AuditChain.GENESIS;
        try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
             ResultSet r = p.executeQuery()) {
            if (r.next()) {
                seq = r.getLong(1) + 1;
                prev = r.getString(2);
            }
        }
        AuditRecord record = AuditChain.seal(seq, prev, entry);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, record.seq());
            p.setString(2, record.at());
            p.setString(3, record.account());
            p.setString(4, record.actor());
            p.setString(5, record.kind());
            p.setString(6, record.subject());
            p.setString(7, record.detail());
            p.setString(8, record.prevHash());
            p.setString(9, record.hash());
            p.executeUpdate();
        }
        return record;
    }

    @Override
    public List<AuditRecord> records() {
        return store.read("the audit log", c -> {
            List<AuditRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM audit ORDER BY seq");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    // getString gives the text of a value someone overwrote with a number or a blob, so
                    // that the chain reports it as changed instead of failing to read
                    out.add(new AuditRecord(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9)));
                }
            }
            return out;
        });
    }
}
