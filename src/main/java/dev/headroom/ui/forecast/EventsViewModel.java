package dev.headroom.ui.forecast;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Host;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.Service;
import dev.headroom.fleet.EventService;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.NaturalOrder;
import dev.headroom.ui.common.Problems;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * State of the Events panel of the Forecasts page: the account's scheduled events, the form that
 * adds one, and importing an iCalendar file. Every change is followed by {@code afterChange},
 * which the wiring points at the forecast's Refresh, so that the chart shows the shift.
 */
public final class EventsViewModel {
    /** Times are typed as on a 24-hour clock in UTC, like every time the console shows. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm", Locale.ROOT);
    /** A new event starts at the next full hour and lasts this long until the operator says otherwise. */
    static final Duration DEFAULT_LENGTH = Duration.ofHours(4);
    static final String DEFAULT_LOAD_FACTOR = "1.4";

    private final EventService service;
    private final ForecastQueries queries;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;
    private final Runnable afterChange;

    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ObservableList<EventRow> events = FXCollections.observableArrayList();
    private final ObservableList<String> scopes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<LocalDate> startDate = new SimpleObjectProperty<>(this, "startDate");
    private final StringProperty startTime = new SimpleStringProperty(this, "startTime", "");
    private final ObjectProperty<LocalDate> endDate = new SimpleObjectProperty<>(this, "endDate");
    private final StringProperty endTime = new SimpleStringProperty(this, "endTime", "");
    private final ObjectProperty<String> scope = new SimpleObjectProperty<>(this, "scope", ScheduledEvent.ALL);
    private final StringProperty loadFactor = new SimpleStringProperty(this, "loadFactor", DEFAULT_LOAD_FACTOR);

    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError", "");
    private final ReadOnlyStringWrapper startError = new ReadOnlyStringWrapper(this, "startError", "");
    private final ReadOnlyStringWrapper endError = new ReadOnlyStringWrapper(this, "endError", "");
    private final ReadOnlyStringWrapper loadFactorError = new ReadOnlyStringWrapper(this, "loadFactorError", "");

    /** Only the newest read may fill the list: an older one, e.g. of another account, can finish after it. */
    private long loadRequest;
    /** The banner text of the last change that failed: a change that works afterwards takes it away. */
    private String failedChange;

    public EventsViewModel(EventService service, ForecastQueries queries, BackgroundRunner runner, Problems problems,
                           Activity activity, Runnable afterChange) {
        this.service = service;
        this.queries = queries;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        this.afterChange = afterChange;

        account.addListener((obs, old, next) -> {
            if (next != null && !next.equals(old)) {
                load();
            }
        });
        // an error stays until its field is edited, so the operator sees which fix is still missing
        clearOnChange(name, nameError);
        clearOnChange(startDate, startError);
        clearOnChange(startTime, startError);
        clearOnChange(endDate, endError);
        clearOnChange(endTime, endError);
        clearOnChange(startDate, endError);
        clearOnChange(startTime, endError);
        clearOnChange(loadFactor, loadFactorError);
    }

    private static void clearOnChange(ObservableValue<?> field, ReadOnlyStringWrapper error) {
        field.addListener((obs, old, now) -> error.set(""));
    }

    /** Reads the account's events, its services and regions (the scopes) and its clock again. */
    public void load() {
        String name = account.get();
        if (name == null) {
            return;
        }
        long request = ++loadRequest;
        Runnable done = activity.begin("Reading the scheduled events of " + name + "…");
        runner.run(() -> read(name), read -> {
            done.run();
            if (request == loadRequest) {
                show(read);
            }
        }, problem -> {
            done.run();
            if (request == loadRequest) {
                problems.report(problem, this::load);
            }
        });
    }

    /**
     * Checks the form and, when every field is valid, adds the event in the background. Invalid
     * fields get an error text and the engine is not called; the engine's own refusals (e.g. a
     * scope the account does not have) go to the error banner.
     */
    public void add() {
        String target = account.get();
        Draft draft = validate();
        if (target == null || draft == null) {
            return;
        }
        change("Adding the event " + draft.name() + "…",
                () -> service.add(target, draft.name(), draft.start(), draft.end(), draft.scope(), draft.loadFactor()),
                added -> {
                    // a second click must not add the same event twice; the other fields stay for a similar one
                    name.set("");
                    return "Event " + draft.name() + " added";
                });
    }

    public void remove(EventRow row) {
        String target = account.get();
        if (target == null || row == null) {
            return;
        }
        change("Removing the event " + row.name() + "…", () -> service.remove(target, row.event()),
                removed -> "Event " + row.name() + " removed");
    }

    /** Adds the events of an iCalendar file, recurrences expanded from the account's clock on. */
    public void importCalendar(Path file) {
        String target = account.get();
        if (target == null || file == null) {
            return;
        }
        String fileName = String.valueOf(file.getFileName());
        change("Importing " + fileName + "…", () -> service.importCalendar(target, file, queries.clock(target)),
                count -> count == 0
                        ? "No new events in " + fileName
                        : Formats.count(count, "event", "events") + " imported from " + fileName);
    }

    /**
     * Runs a change of the account's events, then shows the events and forecasts again;
     * {@code outcome} turns the engine's answer into the status line's text. One change at a
     * time: the engine reads the events, changes them and writes all of them back, so two at once
     * could lose one.
     */
    private <T> void change(String what, BackgroundRunner.Work<T> work, Function<T, String> outcome) {
        if (busy.get()) {
            return;
        }
        String target = account.get();
        busy.set(true);
        long request = ++loadRequest;
        Runnable done = activity.begin(what);
        runner.run(() -> new Changed<>(work.call(), read(target)), changed -> {
            busy.set(false);
            try {
                if (problems.messageProperty().get().equals(failedChange)) {
                    problems.clear();
                }
                if (request == loadRequest) {
                    show(changed.read());
                }
                String told = outcome.apply(changed.result());
                afterChange.run();
                // told after the forecast started, so that the status line shows it when that is done
                activity.tell(told);
            } finally {
                done.run();
            }
        }, problem -> {
            busy.set(false);
            done.run();
            problems.report(problem, null);
            failedChange = problems.messageProperty().get();
        });
    }

    /** Runs off the UI thread. */
    private Read read(String name) {
        AccountSnapshot snapshot = queries.snapshot(name);
        List<String> scopes = new ArrayList<>();
        scopes.add(ScheduledEvent.ALL);
        snapshot.services().stream().map(Service::name).sorted(NaturalOrder.INSTANCE).forEach(scopes::add);
        snapshot.hosts().stream().map(Host::region).distinct().sorted(NaturalOrder.INSTANCE).forEach(scopes::add);
        return new Read(service.events(name), scopes, queries.clock(name));
    }

    private void show(Read read) {
        events.setAll(read.events().stream().map(e -> EventRow.of(e, read.now())).toList());
        scopes.setAll(read.scopes());
        if (!scopes.contains(scope.get())) {
            scope.set(ScheduledEvent.ALL);
        }
        long past = events.stream().filter(r -> r.timing() == EventRow.Timing.PAST).count();
        long upcoming = events.stream().filter(r -> r.timing() == EventRow.Timing.UPCOMING).count();
        long ongoing = events.size() - past - upcoming;
        summary.set(events.isEmpty()
                ? "Add an event below, or import a calendar."
                : Formats.count(events.size(), "event", "events") + " · " + past + " past, " + ongoing + " ongoing, "
                + upcoming + " upcoming");
        if (startDate.get() == null && endDate.get() == null) {
            Instant start = read.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            Instant end = start.plus(DEFAULT_LENGTH);
            startDate.set(LocalDate.ofInstant(start, ZoneOffset.UTC));
            startTime.set(TIME.format(start.atOffset(ZoneOffset.UTC)));
            endDate.set(LocalDate.ofInstant(end, ZoneOffset.UTC));
            endTime.set(TIME.format(end.atOffset(ZoneOffset.UTC)));
        }
    }

    /** The form as an event, or {@code null} after setting the error text of every invalid field. */
    private Draft validate() {
        String n = name.get() == null ? "" : name.get().trim();
        nameError.set(n.isEmpty() ? "Enter a name, e.g. Black Friday sale." : "");
        Instant start = instant(startDate.get(), startTime.get(), "start", startError);
        Instant end = instant(endDate.get(), endTime.get(), "end", endError);
        if (start != null && end != null && !end.isAfter(start)) {
            endError.set("The end must be after the start (" + Formats.clock(start) + ").");
            end = null;
        }
        double factor = factor(loadFactor.get());
        loadFactorError.set(factor > 0 ? "" : "Enter a number above 0, e.g. 1.4 or 0.5.");
        if (!nameError.get().isEmpty() || start == null || end == null || !(factor > 0)) {
            return null;
        }
        String s = scope.get() == null ? ScheduledEvent.ALL : scope.get();
        return new Draft(n, start, end, s, factor);
    }

    private static Instant instant(LocalDate date, String time, String which, ReadOnlyStringWrapper error) {
        if (date == null) {
            error.set("Choose the " + which + " date (YYYY-MM-DD).");
            return null;
        }
        try {
            LocalTime t = LocalTime.parse(time == null ? "" : time.trim(), TIME);
            error.set("");
            return date.atTime(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            error.set("Enter the " + which + " time as HH:mm in UTC, e.g. 09:00.");
            return null;
        }
    }

    /** The typed factor; NaN when it is not a number. A decimal comma is taken as a point. */
    private static double factor(String text) {
        try {
            double f = Double.parseDouble(text == null ? "" : text.trim().replace(',', '.'));
            return Double.isFinite(f) ? f : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The account whose events are shown; the wiring binds it to the Fleet view's account. */
    public StringProperty accountProperty() {
        return account;
    }

    /** The account's events by start. */
    public ObservableList<EventRow> events() {
        return events;
    }

    /** {@code *} (the whole account), then the account's services, then its regions. */
    public ObservableList<String> scopes() {
        return scopes;
    }

    /** How many events there are, and how many of them are past, ongoing and upcoming. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** True while a change is being saved; the view disables the actions meanwhile. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** The start's day in UTC. */
    public ObjectProperty<LocalDate> startDateProperty() {
        return startDate;
    }

    /** The start's time of day in UTC, as HH:mm. */
    public StringProperty startTimeProperty() {
        return startTime;
    }

    public ObjectProperty<LocalDate> endDateProperty() {
        return endDate;
    }

    public StringProperty endTimeProperty() {
        return endTime;
    }

    /** One of {@link #scopes()}. */
    public ObjectProperty<String> scopeProperty() {
        return scope;
    }

    /** The load multiplier as typed, e.g. "1.4". */
    public StringProperty loadFactorProperty() {
        return loadFactor;
    }

    /** Why the name is not accepted; empty when it is (or has not been checked yet). */
    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty startErrorProperty() {
        return startError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty endErrorProperty() {
        return endError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadFactorErrorProperty() {
        return loadFactorError.getReadOnlyProperty();
    }

    private record Read(List<ScheduledEvent> events, List<String> scopes, Instant now) {
    }

    private record Changed<T>(T result, Read read) {
    }

    private record Draft(String name, Instant start, Instant end, String scope, double loadFactor) {
    }
}
