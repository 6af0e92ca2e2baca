package dev.headroom.rollout;

import java.time.Instant;

/**
 * A rollout of an approved plan, as stored.
 *
 * @param contentHash the approved content it executes
 * @param detail      the last thing worth telling the operator (why it stopped, failed or finished)
 */
public record Rollout(String id, String account, String scenario, String contentHash, long approvalId,
                      RolloutStatus status, Instant created, Instant updated, String detail) {
}
