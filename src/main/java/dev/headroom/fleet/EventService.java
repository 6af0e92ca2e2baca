package dev.headroom.fleet;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.scenario.IcsEvents;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's scheduled events of an account (campaigns, sales, releases) that forecasts
 * shift load for: entered one by one or imported from an iCalendar file.
 */
public final class EventService {
    /** How far ahead recurring calendar events are expanded: beyond any forecast horizon. */
    public static final Duration CALENDAR_HORIZON = Duration.ofDays(90);

    private final FleetStore store;

    public EventService(FleetStore store) {
        this.store = store;
    }

    /** The account's events, by start. */
    public List<ScheduledEvent> events(String account) {
        return snapshot(account).events().stream().sorted(Comparator.comparing(ScheduledEvent::start)).toList();
    }

    /**
     * Adds one event.
     *
     * @throws HeadroomException when a field is invalid or the scope is unknown; nothing is saved then
     */
    public List<ScheduledEvent> add(String account, String name, Instant start, Instant end, String scope,
                                    double loadFactor) {
        ScheduledEvent event;
        try {
            event = new ScheduledEvent(name == null ? "" : name.trim(), start, end,
                    scope == null || scope.isBlank() ? ScheduledEvent.ALL : scope.trim(), loadFactor);
        } catch (DomainException e) {
            throw new HeadroomException("The event was not added: " + e.getMessage() + ".", e);
        }
        List<ScheduledEvent> all = new ArrayList<>(snapshot(account).events());
        all.add(event);
        store.replaceEvents(account, all);
        return events(account);
    }

    /** Removes an event equal to {@code event}; no-op when there is none. */
    public List<ScheduledEvent> remove(String account, ScheduledEvent event) {
        List<ScheduledEvent> all = new ArrayList<>(snapshot(account).events());
        if (all.remove(event)) {
            store.replaceEvents(account, all);
        }
        return events(account);
    }

    /**
     * Adds the events of an iCalendar file, recurrences expanded up to {@link #CALENDAR_HORIZON}
     * after {@code now}. An event without {@code X-HEADROOM-LOAD-FACTOR} gets factor 1 (no
     * shift) until past events of its name teach the forecast its effect.
     *
     * @return how many events were added
     * @throws HeadroomException naming the file, line and property of a problem; nothing is saved then
     */
    public int importCalendar(String account, Path file, Instant now) {
        List<IcsEvents.CalendarEvent> read = IcsEvents.read(file, now.plus(CALENDAR_HORIZON));
        List<ScheduledEvent> all = new ArrayList<>(snapshot(account).events());
        for (IcsEvents.CalendarEvent c : read) {
            ScheduledEvent e;
            try {
                e = new ScheduledEvent(c.name(), c.start(), c.end(), c.scope(), c.loadFactor().orElse(1.0));
            } catch (DomainException ex) {
                throw new HeadroomException(file.getFileName() + " line " + c.line() + ": " + ex.getMessage()
                        + ". Fix the calendar and import again; nothing was imported.", ex);
            }
            if (!all.contains(e)) {
                all.add(e);
            }
        }
        int before = snapshot(account).events().size();
        store.replaceEvents(account, all);
        return all.size() - before;
    }

    private AccountSnapshot snapshot(String account) {
        return store.load(account, false).orElseThrow(() -> new HeadroomException("There is no account named \""
                + account + "\". Run \"headroom accounts\" to list the accounts."));
    }
}
