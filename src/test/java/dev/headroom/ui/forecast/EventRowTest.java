package dev.headroom.ui.forecast;

import dev.headroom.domain.ScheduledEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventRowTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static EventRow row(String start, String end) {
        return EventRow.of(new ScheduledEvent("Sale", Instant.parse(start), Instant.parse(end), "checkout", 1.8), NOW);
    }

    @Test
    void theEndLeavesOutWhatItSharesWithTheStart() {
        assertThat(row("2026-11-27T09:00:00Z", "2026-11-27T21:00:00Z").endText()).isEqualTo("21:00");
        assertThat(row("2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z").endText()).isEqualTo("11-28 00:00");
        assertThat(row("2026-12-31T20:00:00Z", "2027-01-01T02:00:00Z").endText()).isEqualTo("2027-01-01 02:00");
    }

    @Test
    void anEventIsOngoingFromItsStartUntilItsEnd() {
        assertThat(row("2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z").timing()).isEqualTo(EventRow.Timing.ONGOING);
        assertThat(row("2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z").timing()).isEqualTo(EventRow.Timing.PAST);
        assertThat(row("2026-11-20T12:05:00Z", "2026-11-20T13:00:00Z").timing()).isEqualTo(EventRow.Timing.UPCOMING);
    }

    @Test
    void theTooltipSaysEverythingTheNarrowColumnsCut() {
        assertThat(row("2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z").describe())
                .isEqualTo("Sale · checkout · 2026-11-27 00:00 – 11-28 00:00 UTC · load ×1.8 · Upcoming");
    }
}
