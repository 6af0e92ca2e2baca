package dev.headroom.ui.forecast;

import dev.headroom.domain.ScheduledEvent;

import java.time.Instant;

/** One line of the Events table: a scheduled event and where it lies against the account's clock. */
public record EventRow(ScheduledEvent event, Timing timing) {

    /** Where an event lies against the account's clock: a past one teaches the forecast its effect. */
    public enum Timing {
        PAST("Past"),
        ONGOING("Ongoing"),
        UPCOMING("Upcoming");

        private final String label;

        Timing(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static EventRow of(ScheduledEvent event, Instant now) {
        Timing timing = !event.end().isAfter(now) ? Timing.PAST
                : event.start().isAfter(now) ? Timing.UPCOMING
                : Timing.ONGOING;
        return new EventRow(event, timing);
    }

    public String name() {
        return event.name();
    }
}
