package dev.headroom.cli;

/** How list commands print: aligned columns for people, JSON or CSV for tools. */
public enum OutputFormat {
    table, json, csv
}
