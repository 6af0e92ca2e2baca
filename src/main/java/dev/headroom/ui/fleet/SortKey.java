package dev.headroom.ui.fleet;

/** One level of the table's sort order. */
public record SortKey(HostColumn column, boolean ascending) {
}
