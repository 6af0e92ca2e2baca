package dev.headroom.domain;

import java.time.Instant;

/**
 * A known event that changes load over its span, e.g. a marketing campaign. {@code scope} is a
 * service, a region or {@code *}; load in scope is multiplied by {@code loadFactor}.
 */
public record ScheduledEvent(String name, Instant start, Instant end, String scope, double loadFactor) {
    public static final String ALL = "*";

    public ScheduledEvent {
        Check.notBlank("name", name);
        Check.notNull("start", start);
        Check.notNull("end", end);
        if (!end.isAfter(start)) {
            throw new DomainException("end", end + " must be after start " + start);
        }
        if (!ALL.equals(scope)) {
            Check.id("scope", scope);
        }
        Check.positive("load_factor", loadFactor);
    }

    public boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
