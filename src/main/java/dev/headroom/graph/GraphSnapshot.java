package dev.headroom.graph;

import java.time.Instant;

/**
 * A stored, time-stamped version of an account's merged graph, as listed by
 * {@link GraphService#snapshots}.
 *
 * @param id     increases with every snapshot of the store
 * @param reason what made it: the imported sources or the operator's edit
 */
public record GraphSnapshot(long id, Instant takenAt, int services, int edges, String reason) {
}
