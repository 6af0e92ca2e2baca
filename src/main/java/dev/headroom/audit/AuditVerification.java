package dev.headroom.audit;

import java.util.Optional;

/**
 * The outcome of {@link AuditChain#verify}.
 *
 * @param intactRecords how many records, from record 1, were found whole before the break (all of them when intact)
 * @param head          the last record, when the whole log is intact
 * @param brokenAt      the number of the first record that breaks the chain (or the checkpoint's, when cut short)
 * @param reason        why, in operator words; empty when intact
 * @param checkpoint    the checkpoint that was checked, if any
 */
public record AuditVerification(long intactRecords, Optional<AuditRecord> head, Optional<Long> brokenAt,
                                String reason, Optional<AuditChain.Checkpoint> checkpoint) {

    static AuditVerification intact(long records, Optional<AuditRecord> head, Optional<AuditChain.Checkpoint> cp) {
        return new AuditVerification(records, head, Optional.empty(), "", cp);
    }

    static AuditVerification broken(long intactRecords, long seq, String reason) {
        return new AuditVerification(intactRecords, Optional.empty(), Optional.of(seq), reason, Optional.empty());
    }

    static AuditVerification cutShort(long records, Optional<AuditRecord> head, AuditChain.Checkpoint cp,
                                      String reason) {
        return new AuditVerification(records, head, Optional.of(cp.seq()), reason, Optional.of(cp));
    }

    public boolean intact() {
        return brokenAt.isEmpty();
    }

    /** The head as {@code SEQ:HASH}, to note down and pass to a later verify as its checkpoint. */
    public Optional<AuditChain.Checkpoint> headCheckpoint() {
        return head.map(h -> new AuditChain.Checkpoint(h.seq(), h.hash()));
    }

    /** One paragraph for the operator. */
    public String message() {
        if (intact()) {
            String cp = headCheckpoint().map(Object::toString).orElse("0:" + AuditChain.GENESIS);
            return "chain intact: " + intactRecords + (intactRecords == 1 ? " record" : " records") + ", head "
                    + head.map(h -> h.hash() + " (record " + h.seq() + " at " + h.at() + ")")
                    .orElse(AuditChain.GENESIS + " (empty log)")
                    + checkpoint.map(c -> "; checkpoint " + c.seq() + " found unchanged").orElse("") + ".\n"
                    + "Records removed from the end leave a whole chain; to show later that none were, keep this "
                    + "head and run: headroom audit verify --checkpoint " + cp;
        }
        long at = brokenAt.orElseThrow();
        String before = intactRecords == 0 ? ""
                : intactRecords == 1 ? "Record 1 before it is intact. "
                : "Records 1 to " + intactRecords + " before it are intact. ";
        if (checkpoint.isPresent()) {
            return "audit log cut short at record " + at + ": " + reason + ". The chain that is left is whole ("
                    + intactRecords + " records), so the change was made at its end. Keep this database as it is "
                    + "for investigation and compare it with your latest export (headroom audit export).";
        }
        return "audit log broken at record " + at + ": " + reason + ". " + before + "Keep this database as it is "
                + "for investigation and compare it with your latest export (headroom audit export).";
    }
}
