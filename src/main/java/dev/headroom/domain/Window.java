package dev.headroom.domain;

import java.time.Duration;
import java.time.Instant;

/** A maintenance window: updates may only run in {@code [start, end)}. */
public record Window(Instant start, Instant end) {
    public Window {
        Check.notNull("window.start", start);
        Check.notNull("window.end", end);
        if (!end.isAfter(start)) {
            throw new DomainException("window.end", end + " must be after window.start " + start);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
