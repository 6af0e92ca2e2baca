package dev.headroom.graph;

import dev.headroom.domain.HeadroomException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of an account's graph sources, operator edits and snapshots. Each save stores its
 * inputs and the resulting snapshot in one transaction: on failure nothing of it is stored.
 * Every method throws {@link HeadroomException} (with an operator message) when the storage
 * cannot be used.
 */
public interface GraphRepository {

    /** The latest import of each source of the account, ordered by source name. */
    List<GraphImport> sources(String account);

    /** The account's operator edits in the order they were made. */
    List<GraphEdit> edits(String account);

    /**
     * Replaces the sources named by {@code imports} (others stay) and stores {@code merged} as a
     * new snapshot taken at {@code at}.
     *
     * @return the new snapshot's summary
     */
    GraphSnapshot saveImports(String account, List<GraphImport> imports, DependencyGraph merged, Instant at,
                              String reason);

    /** Appends an operator edit and stores {@code merged} (which already applies it) as a new snapshot. */
    GraphSnapshot saveEdit(String account, GraphEdit edit, DependencyGraph merged, String reason);

    /** The account's snapshots, oldest first. */
    List<GraphSnapshot> snapshots(String account);

    /** A stored snapshot's graph; empty when the account has no snapshot of that id. */
    Optional<DependencyGraph> snapshot(String account, long id);
}
