package dev.headroom.ui;

import dev.headroom.audit.AuditChain;
import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditLog;
import dev.headroom.audit.AuditRecord;

import java.util.ArrayList;
import java.util.List;

/** The audit log in memory, chained like the SQLite one, for UI tests that run without a database. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditRecord> records = new ArrayList<>();

    @Override
    public synchronized AuditRecord append(AuditEntry entry) {
        String prev = records.isEmpty() ? AuditChain.GENESIS : records.get(records.size() - 1).hash();
        AuditRecord r = AuditChain.seal(records.size() + 1, prev, entry);
        records.add(r);
        return r;
    }

    @Override
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records);
    }
}
