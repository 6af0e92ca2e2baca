package dev.headroom.audit;

import java.time.Instant;

/**
 * One record of the audit log exactly as stored: every field is the stored text, so that
 * {@link AuditChain#verify} hashes what is on disk and a record whose time or kind was
 * overwritten with nonsense is still read, and reported, rather than failing to load.
 *
 * @param seq      its number: 1 for the first record, each next one plus 1
 * @param at       when, ISO-8601 UTC as written ({@link Instant#toString()})
 * @param prevHash the {@link #hash} of record {@code seq - 1}, or {@link AuditChain#GENESIS} for record 1
 * @param hash     SHA-256 over {@code prevHash} and the other fields, lower-case hex (see {@link AuditChain})
 */
public record AuditRecord(long seq, String at, String account, String actor, String kind, String subject,
                          String detail, String prevHash, String hash) {
}
