package dev.headroom.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IcsEventsTest {
    static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

    /** Shaped like an export from a calendar application: CRLF, folded lines, an alarm, a time zone. */
    static final String MARKETING = String.join("\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Example Corp//Marketing//EN",
            "BEGIN:VEVENT",
            "UID:1@example.com",
            "SUMMARY:Black Friday campaign",
            "DESCRIPTION:Newsletter to all customers\\, banner on the home page\\nsee the",
            "  brief",
            "DTSTART;TZID=Europe/Berlin:20261127T180000",
            "DTEND;TZID=Europe/Berlin:20261127T220000",
            "X-HEADROOM-SCOPE:frontend",
            "X-HEADROOM-LOAD-FACTOR:1.6",
            "BEGIN:VALARM",
            "TRIGGER:-PT15M",
            "SUMMARY:not the event's name",
            "END:VALARM",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:2@example.com",
            "SUMMARY:Weekly newsletter",
            "DTSTART:20261103T070000Z",
            "DURATION:PT2H",
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5",
            "EXDATE:20261105T070000Z",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "SUMMARY:Year-end freeze",
            "DTSTART;VALUE=DATE:20261224",
            "END:VEVENT",
            "END:VCALENDAR", "");

    @Test
    void readsTimesZonesRecurrencesAndHeadroomFields(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("marketing.ics"), MARKETING);
        List<IcsEvents.CalendarEvent> events = IcsEvents.read(file, FAR);

        IcsEvents.CalendarEvent campaign = events.stream().filter(e -> e.name().equals("Black Friday campaign"))
                .findFirst().orElseThrow();
        assertThat(campaign.start()).isEqualTo(Instant.parse("2026-11-27T17:00:00Z"));
        assertThat(campaign.end()).isEqualTo(Instant.parse("2026-11-27T21:00:00Z"));
        assertThat(campaign.scope()).isEqualTo("frontend");
        assertThat(campaign.loadFactor()).hasValue(1.6);

        List<Instant> newsletters = events.stream().filter(e -> e.name().equals("Weekly newsletter"))
                .map(IcsEvents.CalendarEvent::start).toList();
        // COUNT=5 occurrences on Tue/Thu from 3 Nov, minus the excluded Thursday 5 Nov
        assertThat(newsletters).containsExactly(Instant.parse("2026-11-03T07:00:00Z"),
                Instant.parse("2026-11-10T07:00:00Z"), Instant.parse("2026-11-12T07:00:00Z"),
                Instant.parse("2026-11-17T07:00:00Z"));
        assertThat(events.stream().filter(e -> e.name().equals("Weekly newsletter")).findFirst().orElseThrow()
                .loadFactor()).isEmpty();

        IcsEvents.CalendarEvent freeze = events.stream().filter(e -> e.name().equals("Year-end freeze"))
                .findFirst().orElseThrow();
        assertThat(Duration.between(freeze.start(), freeze.end())).isEqualTo(Duration.ofDays(1));
        assertThat(freeze.scope()).isEqualTo("*");
        assertThat(events).isSortedAccordingTo((a, b) -> a.start().compareTo(b.start()));
    }

    @Test
    void openEndedRecurrenceStopsAtTheExpansionLimitAndKeepsLocalTimeOverDaylightSaving() {
        String ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:nightly batch\n"
                + "DTSTART;TZID=Europe/Berlin:20261020T020000\nDURATION:PT1H\nRRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR\n";
        List<IcsEvents.CalendarEvent> events = IcsEvents.parse("x.ics", ics, Instant.parse("2026-10-30T00:00:00Z"));
        assertThat(events).hasSize(10);
        // summer time ends on 25 October: 02:00 local is 00:00Z before and 01:00Z after
        assertThat(events.get(0).start()).isEqualTo(Instant.parse("2026-10-20T00:00:00Z"));
        assertThat(events.get(9).start()).isEqualTo(Instant.parse("2026-10-29T01:00:00Z"));
    }

    @Test
    void errorsNameTheLineAndProperty() {
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:2026-11-27 18:00\nEND:VEVENT\nEND:VCALENDAR\n", FAR))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.field()).isEqualTo("DTSTART");
                    assertThat(e.operatorMessage()).contains("cal.ics line 4").contains("20261201T180000Z");
                });
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART;TZID=Mars/Olympus:20261127T180000\nDURATION:PT1H\nEND:VEVENT\nEND:VCALENDAR\n", FAR))
                .hasMessageContaining("time zone \"Mars/Olympus\" is unknown");
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:20261127T180000Z\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1\nEND:VEVENT\nEND:VCALENDAR\n",
                FAR)).isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.problem()).contains("BYMONTHDAY is not supported");
                });
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\n"
                + "DTSTART:20261127T180000Z\nEND:VEVENT\nEND:VCALENDAR\n", FAR))
                .hasMessageContaining("line 2").hasMessageContaining("no SUMMARY");
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:20261127T180000Z\nDTEND:20261127T170000Z\nEND:VEVENT\nEND:VCALENDAR\n", FAR))
                .hasMessageContaining("ends before or when it starts");
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:20261127T180000Z\nDURATION:PT1H\nX-HEADROOM-LOAD-FACTOR:lots\nEND:VEVENT\nEND:VCALENDAR\n", FAR))
                .hasMessageContaining("\"lots\" is not a positive number");
        assertThatThrownBy(() -> IcsEvents.parse("notes.ics", "Dear team,\nplease find…\n", FAR))
                .hasMessageContaining("does not start with BEGIN:VCALENDAR");
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:20261127T180000Z\nEND:VCALENDAR\n", FAR)).hasMessageContaining("no END:VEVENT");
    }

    @Test
    void timedEventWithoutEndIsRefusedAsZeroLength() {
        assertThatThrownBy(() -> IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:20261127T180000Z\nEND:VEVENT\nEND:VCALENDAR\n", FAR))
                .hasMessageContaining("positive length");
    }

    @Test
    void weeksDurationIsRead() {
        var events = IcsEvents.parse("cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:sale\n"
                + "DTSTART:20261127T000000Z\nDURATION:P1W\nEND:VEVENT\nEND:VCALENDAR\n", FAR);
        assertThat(Duration.between(events.get(0).start(), events.get(0).end())).isEqualTo(Duration.ofDays(7));
    }
}
