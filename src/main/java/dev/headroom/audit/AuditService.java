package dev.headroom.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The audit log as the console and the CLI use it: record what happened, verify the chain, list
 * and export. Time comes from the injected clock.
 *
 * <p>Every method throws {@link dev.headroom.domain.HeadroomException} with an operator message
 * when the store cannot be used.
 */
public final class AuditService {
    private final AuditLog log;
    private final Clock clock;

    public AuditService(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Appends a record timed now (to the millisecond: finer is noise to a reader). */
    public AuditRecord record(String account, String actor, AuditKind kind, String subject, String detail) {
        return log.append(new AuditEntry(clock.instant().truncatedTo(ChronoUnit.MILLIS), account, actor, kind,
                subject, detail));
    }

    /** What services record through on behalf of {@code actor}. */
    public AuditTrail trail(String actor) {
        return new AuditTrail(this, actor);
    }

    /** Walks the whole chain (see {@link AuditChain#verify}). */
    public AuditVerification verify(Optional<AuditChain.Checkpoint> checkpoint) {
        return AuditChain.verify(log.records(), checkpoint);
    }

    /** The records that match, in number order, as stored (unverified). */
    public List<AuditRecord> records(AuditFilter filter) {
        return log.records().stream().filter(filter::matches).toList();
    }
}
