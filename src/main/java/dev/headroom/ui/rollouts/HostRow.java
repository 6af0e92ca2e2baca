package dev.headroom.ui.rollouts;

/**
 * One host of a batch.
 *
 * @param version the version it goes to (or went back to, after a rollback)
 * @param detail  the last step's result or failure, in operator words; empty before any step ended
 */
public record HostRow(int batch, String host, HostState state, String version, String detail) {
}
