package dev.headroom.providers.sandbox;

/**
 * Something that went wrong on one host during the history, over samples {@code [start, end)}.
 * Forecasting must cope with these, so they are placed where nothing else would explain them.
 */
record Incident(Kind kind, int host, int start, int length) {

    enum Kind {
        /** The host is down: no samples at all, and its siblings carry its load. */
        HOST_FAILURE,
        /** A stuck process pins the cpu near 100% until someone kills it. */
        RUNAWAY_CPU,
        /** Memory climbs steadily until the process is restarted and starts afresh. */
        MEMORY_LEAK
    }

    int end() {
        return start + length;
    }
}
