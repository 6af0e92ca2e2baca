package dev.headroom.ui.forecast;

import dev.headroom.domain.ScheduledEvent;
import dev.headroom.ui.common.Formats;

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

    /**
     * The end as briefly as the start allows: "21:00" on the start's day, "11-28 00:00" in its
     * year, so the column stays narrow enough for the name beside it.
     */
    public String endText() {
        String start = Formats.utcMinute(event.start());
        String end = Formats.utcMinute(event.end());
        if (start.regionMatches(0, end, 0, 11)) {
            return end.substring(11);
        }
        return start.regionMatches(0, end, 0, 5) ? end.substring(5) : end;
    }

    /** "Black Friday · checkout · 2026-11-27 00:00 – 11-28 00:00 UTC · load ×1.8 · Upcoming". */
    public String describe() {
        return event.name() + " · " + event.scope() + " · " + Formats.utcMinute(event.start()) + " – " + endText()
                + " UTC · load " + Formats.factor(event.loadFactor()) + " · " + timing;
    }
}
