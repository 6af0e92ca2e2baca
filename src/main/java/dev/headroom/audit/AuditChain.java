package dev.headroom.audit;

import dev.headroom.domain.HeadroomException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The hash chain of the audit log.
 *
 * <p>Record {@code n}'s hash is {@code SHA-256(F(prev_hash) F(seq) F(at) F(account) F(actor)
 * F(kind) F(subject) F(detail))}, where {@code F} is the length-prefixed field of
 * {@link Canonical}, {@code seq} is decimal, every other field is the stored text, and
 * {@code prev_hash} is record {@code n - 1}'s hash ({@link #GENESIS} for record 1). So a record
 * pins its own content, its number and everything before it: changing any field of any record,
 * deleting one, or moving one breaks the chain at that record or the next.
 *
 * <p>What a chain alone cannot show is records removed from the end: what is left is a shorter
 * chain that is still whole. {@link Checkpoint} is the remedy: a head noted earlier (printed by
 * every {@code headroom audit verify}) must still be in the log, unchanged.
 */
public final class AuditChain {
    /** The link of record 1: 64 zeros, the hash of no record. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The hash of a record with these fields (see the class comment). */
    public static String hash(String prevHash, long seq, String at, String account, String actor, String kind,
                              String subject, String detail) {
        return new Canonical().add(prevHash).add(seq).add(at).add(account).add(actor).add(kind).add(subject)
                .add(detail).sha256();
    }

    /** The record {@code entry} becomes as number {@code seq} after the record whose hash is {@code prevHash}. */
    public static AuditRecord seal(long seq, String prevHash, AuditEntry entry) {
        String at = entry.at().toString();
        String kind = entry.kind().label();
        String hash = hash(prevHash, seq, at, entry.account(), entry.actor(), kind, entry.subject(), entry.detail());
        return new AuditRecord(seq, at, entry.account(), entry.actor(), kind, entry.subject(), entry.detail(),
                prevHash, hash);
    }

    private static String hashOf(AuditRecord r, long asSeq) {
        return hash(r.prevHash(), asSeq, r.at(), r.account(), r.actor(), r.kind(), r.subject(), r.detail());
    }

    /**
     * A head an operator noted (from {@code audit verify} or an export) to check later that the log
     * was neither cut short nor rewritten up to it.
     */
    public record Checkpoint(long seq, String hash) {
        private static final Pattern FORM = Pattern.compile("(\\d{1,18}):([0-9a-f]{64})");

        /**
         * Reads {@code SEQ:HASH}, e.g. {@code 42:9f86d0…}.
         *
         * @throws HeadroomException when the text has another form
         */
        public static Checkpoint parse(String text) {
            var m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new HeadroomException("\"" + text + "\" is not a checkpoint. Give it as SEQ:HASH, the record "
                        + "number and the 64-digit hash that \"headroom audit verify\" printed as the head.");
            }
            return new Checkpoint(Long.parseLong(m.group(1)), m.group(2));
        }

        @Override
        public String toString() {
            return seq + ":" + hash;
        }
    }

    /**
     * Walks the chain from record 1 and stops at the first record that breaks it.
     *
     * @param records    the log as stored, in any order (they are put in number order)
     * @param checkpoint a head noted earlier that must still be in the log, unchanged
     */
    public static AuditVerification verify(List<AuditRecord> records, Optional<Checkpoint> checkpoint) {
        List<AuditRecord> chain = new ArrayList<>(records);
        chain.sort(Comparator.comparingLong(AuditRecord::seq));
        String prev = GENESIS;
        long expected = 1;
        for (int i = 0; i < chain.size(); i++) {
            AuditRecord r = chain.get(i);
            if (r.seq() != expected) {
                return AuditVerification.broken(i, expected, missing(expected, r.seq()));
            }
            if (!hashOf(r, r.seq()).equals(r.hash())) {
                OptionalLong writtenAs = writtenAs(r, chain);
                String reason = writtenAs.isPresent()
                        ? "it holds what was written as record " + writtenAs.getAsLong() + ": records were reordered "
                        + "or renumbered"
                        : "its content (time, account, actor, kind, subject or detail) or its stored hash was changed "
                        + "after it was written";
                return AuditVerification.broken(i, r.seq(), reason);
            }
            if (!r.prevHash().equals(prev)) {
                String reason = r.seq() == 1
                        ? "it should be the first record but links to an earlier one: records before it were deleted "
                        + "and the rest renumbered"
                        : "it does not link to record " + (r.seq() - 1) + " before it: that record was rewritten "
                        + "with a new hash, or records between them were deleted or moved";
                return AuditVerification.broken(i, r.seq(), reason);
            }
            prev = r.hash();
            expected++;
        }
        Optional<AuditRecord> head = chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(chain.size() - 1));
        if (checkpoint.isPresent()) {
            Checkpoint cp = checkpoint.get();
            long last = head.map(AuditRecord::seq).orElse(0L);
            if (cp.seq() > last) {
                return AuditVerification.cutShort(chain.size(), head, cp, (last == 0 ? "the log is empty"
                        : "the log ends at record " + last) + " but checkpoint " + cp.seq() + " was noted earlier: "
                        + (cp.seq() - last == 1 ? "record " + cp.seq() + " was" : "records " + (last + 1) + " to "
                        + cp.seq() + " were") + " removed from the end");
            }
            if (!chain.get((int) cp.seq() - 1).hash().equals(cp.hash())) {
                return AuditVerification.cutShort(chain.size(), head, cp, "record " + cp.seq() + " no longer has the "
                        + "hash noted in the checkpoint: the log was rewritten up to that record");
            }
        }
        return AuditVerification.intact(chain.size(), head, checkpoint);
    }

    private static String missing(long expected, long found) {
        if (expected == 1) {
            return "the log starts at record " + found + ": " + (found == 2 ? "record 1 was" : "records 1 to "
                    + (found - 1) + " were") + " deleted";
        }
        return found - expected == 1
                ? "it is missing: the log goes from record " + (expected - 1) + " to record " + found
                + "; it was deleted or renumbered"
                : "records " + expected + " to " + (found - 1) + " are missing: the log goes from record "
                + (expected - 1) + " to record " + found + "; they were deleted or renumbered";
    }

    /** The number a moved record was written under: the one its own hash was made with. */
    private static OptionalLong writtenAs(AuditRecord r, List<AuditRecord> chain) {
        long last = chain.get(chain.size() - 1).seq();
        // runs once, at the first break; bounded by twice the log's length
        for (long s = 1; s <= last + chain.size(); s++) {
            if (s != r.seq() && hashOf(r, s).equals(r.hash())) {
                return OptionalLong.of(s);
            }
        }
        return OptionalLong.empty();
    }
}
