package dev.headroom.persistence;

import dev.headroom.approval.Approval;
import dev.headroom.approval.ApprovalRepository;
import dev.headroom.audit.AuditEntry;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ApprovalRepository} in the fleet's SQLite file (schema 6's {@code approval} table); each
 * change and its record in the {@code audit} table are written in one transaction.
 */
public final class SqliteApprovalRepository implements ApprovalRepository {
    private static final String COLUMNS =
            "id, account, scenario, content_hash, approver, note, approved_at, revoked_at";
    private final SqliteStore store;

    public SqliteApprovalRepository(SqliteStore store) {
        this.store = store;
    }

    @Override
    public Approval add(Approval a, Function<Approval, AuditEntry> audit) {
        return store.write(a.account(), c -> {
            long id;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO approval (account, scenario, content_hash, "
                    + "approver, note, approved_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                p.setString(1, a.account());
                p.setString(2, a.scenario());
                p.setString(3, a.contentHash());
                p.setString(4, a.approver());
                p.setString(5, a.note());
                p.setString(6, a.approvedAt().toString());
                p.setString(7, a.revokedAt().map(Instant::toString).orElse(null));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            Approval stored = a.withId(id);
            SqliteAuditLog.append(c, audit.apply(stored));
            return stored;
        });
    }

    @Override
    public int revoke(String account, List<Long> ids, Instant at, AuditEntry audit) {
        return store.write(account, c -> {
            int n = 0;
            try (PreparedStatement p = c.prepareStatement("UPDATE approval SET revoked_at = ? WHERE account = ? "
                    + "AND id = ? AND revoked_at IS NULL")) {
                for (long id : ids) {
                    p.setString(1, at.toString());
                    p.setString(2, account);
                    p.setLong(3, id);
                    n += p.executeUpdate();
                }
            }
            SqliteAuditLog.append(c, audit);
            return n;
        });
    }

    @Override
    public List<Approval> list(String account) {
        return store.read("the approvals of account \"" + account + "\"", c -> {
            List<Approval> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM approval WHERE account = ? "
                    + "ORDER BY id")) {
                p.setString(1, account);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Approval(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5), r.getString(6), Instant.parse(r.getString(7)),
                                Optional.ofNullable(r.getString(8)).map(Instant::parse)));
                    }
                }
            }
            return out;
        });
    }
}
