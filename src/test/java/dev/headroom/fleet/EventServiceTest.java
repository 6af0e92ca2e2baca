package dev.headroom.fleet;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.domain.ProgressListener;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventServiceTest {
    static final Instant END = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;
    Engine engine;
    EventService events;
    int generated;

    @BeforeEach
    void sandbox() {
        engine = new Engine(dir, SqliteStore.open(DataDirectory.databaseFile(dir)), Clock.fixed(END, ZoneOffset.UTC));
        engine.createSandbox(new SandboxConfig(3, 30, 3, Duration.ofMinutes(5), END), ProgressListener.NONE);
        events = engine.events();
        generated = events.events(Engine.SANDBOX).size();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void addedEventIsStoredInStartOrderAndRemovable() {
        Instant start = END.plus(Duration.ofDays(2));
        List<ScheduledEvent> after = events.add(Engine.SANDBOX, " winter sale ", start, start.plusSeconds(7200),
                "frontend", 1.5);
        ScheduledEvent sale = new ScheduledEvent("winter sale", start, start.plusSeconds(7200), "frontend", 1.5);
        assertThat(after).hasSize(generated + 1).contains(sale).isSortedAccordingTo(
                (a, b) -> a.start().compareTo(b.start()));
        assertThat(events.remove(Engine.SANDBOX, sale)).hasSize(generated).doesNotContain(sale);
    }

    @Test
    void badFieldsAreOperatorErrorsAndSaveNothing() {
        assertThatThrownBy(() -> events.add(Engine.SANDBOX, "sale", END, END.minusSeconds(1), "*", 1.2))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("must be after start");
        assertThatThrownBy(() -> events.add(Engine.SANDBOX, "sale", END, END.plusSeconds(60), "mars", 1.2))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("mars");
        assertThatThrownBy(() -> events.add(Engine.SANDBOX, "sale", END, END.plusSeconds(60), "*", 0))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("load_factor");
        assertThat(events.events(Engine.SANDBOX)).hasSize(generated);
    }

    @Test
    void calendarImportAddsOccurrencesOnceWithFactorOneWhenUnknown() throws IOException {
        Path ics = Files.writeString(dir.resolve("marketing.ics"), "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
                + "SUMMARY:newsletter\r\nDTSTART:20261124T070000Z\r\nDURATION:PT2H\r\n"
                + "RRULE:FREQ=WEEKLY;COUNT=3\r\nX-HEADROOM-SCOPE:emailservice\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assertThat(events.importCalendar(Engine.SANDBOX, ics, END)).isEqualTo(3);
        assertThat(events.importCalendar(Engine.SANDBOX, ics, END)).isZero();
        assertThat(events.events(Engine.SANDBOX)).filteredOn(e -> e.name().equals("newsletter"))
                .hasSize(3).allSatisfy(e -> assertThat(e.loadFactor()).isEqualTo(1.0));
    }

    @Test
    void calendarWithAnUnknownScopeImportsNothing() throws IOException {
        Path ics = Files.writeString(dir.resolve("bad.ics"), "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                + "DTSTART:20261124T070000Z\nDURATION:PT2H\nX-HEADROOM-SCOPE:billing\nEND:VEVENT\nEND:VCALENDAR\n");
        assertThatThrownBy(() -> events.importCalendar(Engine.SANDBOX, ics, END))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("billing");
        assertThat(events.events(Engine.SANDBOX)).hasSize(generated);
    }
}
