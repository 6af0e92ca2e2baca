package dev.headroom.ui.forecast;

import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.ProgressListener;
import dev.headroom.fleet.EventService;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static dev.headroom.ui.DemoFleet.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class EventsViewModelTest {
    /** The demo sandbox's clock: 2026-11-03 14:05 UTC. */
    static final Instant NOW = DemoFleet.SANDBOX_NOW;

    private final InMemoryFleetStore store = DemoFleet.store();
    private final EventService service = new EventService(store);
    private final ForecastQueries queries = ForecastQueries.of(DemoFleet.forecastService(store), store);
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final CountingRunner runner = new CountingRunner();
    private final AtomicInteger recomputed = new AtomicInteger();
    private final EventsViewModel viewModel = new EventsViewModel(service, queries, runner, problems, activity,
            recomputed::incrementAndGet);

    /** Counts the background work started: every engine call of the view model is one. */
    private static final class CountingRunner implements BackgroundRunner {
        private final SameThreadRunner same = new SameThreadRunner();
        private int started;

        @Override
        public <T> void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            started++;
            same.run(work, onSuccess, onFailure);
        }

        @Override
        public <T> void run(ReportingWork<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                            Consumer<? super Throwable> onFailure) {
            started++;
            same.run(work, onProgress, onSuccess, onFailure);
        }
    }

    private static ScheduledEvent event(String name, String start, String end, String scope, double factor) {
        return new ScheduledEvent(name, Instant.parse(start), Instant.parse(end), scope, factor);
    }

    private void fill(String name, String startDate, String startTime, String endDate, String endTime, String scope,
                      String factor) {
        viewModel.nameProperty().set(name);
        viewModel.startDateProperty().set(LocalDate.parse(startDate));
        viewModel.startTimeProperty().set(startTime);
        viewModel.endDateProperty().set(LocalDate.parse(endDate));
        viewModel.endTimeProperty().set(endTime);
        viewModel.scopeProperty().set(scope);
        viewModel.loadFactorProperty().set(factor);
    }

    private Path calendar(Path dir, String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\r\n", lines) + "\r\n");
    }

    @Test
    void listsTheEventsByStartWithWhereTheyLieAgainstTheAccountsClock() {
        store.replaceEvents(SANDBOX, List.of(
                event("Black Friday", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z", "*", 1.8),
                event("Release 4.3", "2026-11-01T08:00:00Z", "2026-11-01T10:00:00Z", "checkout", 1.2),
                event("Newsletter", "2026-11-03T12:00:00Z", "2026-11-03T18:00:00Z", "eu-west-1", 1.3)));

        viewModel.accountProperty().set(SANDBOX);

        assertThat(viewModel.events()).extracting(EventRow::name, EventRow::timing).containsExactly(
                tuple("Release 4.3", EventRow.Timing.PAST),
                tuple("Newsletter", EventRow.Timing.ONGOING),
                tuple("Black Friday", EventRow.Timing.UPCOMING));
        assertThat(viewModel.summaryProperty().get())
                .isEqualTo("3 events · 1 past, 1 ongoing, 1 upcoming");
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void scopesAreTheWholeAccountThenItsServicesThenItsRegions() {
        viewModel.accountProperty().set(SANDBOX);

        assertThat(viewModel.scopes()).containsExactly("*", "cart", "catalog", "checkout", "payments", "reports",
                "search", "ap-south-1", "eu-west-1", "us-east-1");
        assertThat(viewModel.scopeProperty().get()).isEqualTo("*");
    }

    @Test
    void theFormProposesTheNextFullHourOfTheAccountsClockForFourHours() {
        viewModel.accountProperty().set(SANDBOX);

        assertThat(viewModel.startDateProperty().get()).isEqualTo(LocalDate.parse("2026-11-03"));
        assertThat(viewModel.startTimeProperty().get()).isEqualTo("15:00");
        assertThat(viewModel.endDateProperty().get()).isEqualTo(LocalDate.parse("2026-11-03"));
        assertThat(viewModel.endTimeProperty().get()).isEqualTo("19:00");
        assertThat(viewModel.loadFactorProperty().get()).isEqualTo("1.4");
    }

    @Test
    void addingAValidEventSavesItListsItAndForecastsAgain() {
        viewModel.accountProperty().set(SANDBOX);
        fill("Cyber Monday", "2026-11-30", "06:00", "2026-12-01", "6:00", "checkout", "1,5");

        viewModel.add();

        ScheduledEvent added = event("Cyber Monday", "2026-11-30T06:00:00Z", "2026-12-01T06:00:00Z", "checkout", 1.5);
        assertThat(service.events(SANDBOX)).containsExactly(added);
        assertThat(viewModel.events()).extracting(EventRow::event).containsExactly(added);
        assertThat(viewModel.events().get(0).timing()).isEqualTo(EventRow.Timing.UPCOMING);
        assertThat(recomputed).hasValue(1);
        assertThat(viewModel.nameProperty().get()).as("cleared, so that a second click adds nothing twice").isEmpty();
        assertThat(viewModel.scopeProperty().get()).isEqualTo("checkout");
        assertThat(activity.messageProperty().get()).isEqualTo("Event Cyber Monday added");
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void anEndBeforeTheStartIsRefusedOnTheEndFieldWithoutCallingTheEngine() {
        viewModel.accountProperty().set(SANDBOX);
        int readsSoFar = runner.started;
        fill("Sale", "2026-11-10", "12:00", "2026-11-10", "09:00", "*", "1.4");

        viewModel.add();

        assertThat(viewModel.endErrorProperty().get()).isEqualTo("The end must be after the start (2026-11-10 12:00 UTC).");
        assertThat(viewModel.startErrorProperty().get()).isEmpty();
        assertThat(viewModel.nameErrorProperty().get()).isEmpty();
        assertThat(runner.started).as("no background work, so no engine call").isEqualTo(readsSoFar);
        assertThat(service.events(SANDBOX)).isEmpty();
        assertThat(recomputed).hasValue(0);
        assertThat(problems.messageProperty().get()).as("field errors stay at their fields").isEmpty();

        viewModel.endTimeProperty().set("15:00");
        assertThat(viewModel.endErrorProperty().get()).as("editing the field clears its error").isEmpty();
    }

    @Test
    void everyInvalidFieldGetsItsOwnError() {
        viewModel.accountProperty().set(SANDBOX);
        int readsSoFar = runner.started;
        fill(" ", "2026-11-10", "25:00", "2026-11-11", "09:00", "*", "0");
        viewModel.endDateProperty().set(null);

        viewModel.add();

        assertThat(viewModel.nameErrorProperty().get()).isEqualTo("Enter a name, e.g. Black Friday sale.");
        assertThat(viewModel.startErrorProperty().get()).isEqualTo("Enter the start time as HH:mm in UTC, e.g. 09:00.");
        assertThat(viewModel.endErrorProperty().get()).isEqualTo("Choose the end date (YYYY-MM-DD).");
        assertThat(viewModel.loadFactorErrorProperty().get()).startsWith("Enter a number above 0");
        assertThat(runner.started).isEqualTo(readsSoFar);

        viewModel.loadFactorProperty().set("many");
        viewModel.add();
        assertThat(viewModel.loadFactorErrorProperty().get()).startsWith("Enter a number above 0");
        assertThat(runner.started).isEqualTo(readsSoFar);
    }

    @Test
    void aScopeTheAccountDoesNotHaveIsRefusedByTheEngineAndShownInTheBanner() {
        viewModel.accountProperty().set(SANDBOX);
        fill("Launch", "2026-11-10", "09:00", "2026-11-10", "17:00", "billing", "2");

        viewModel.add();

        assertThat(problems.messageProperty().get()).startsWith("The events were not saved: ").contains("billing")
                .doesNotContain("Exception");
        assertThat(problems.retryProperty().get()).as("retrying the same input fails the same way").isNull();
        assertThat(service.events(SANDBOX)).isEmpty();
        assertThat(viewModel.nameProperty().get()).as("kept for the operator to correct").isEqualTo("Launch");
        assertThat(recomputed).hasValue(0);
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(activity.busyProperty().get()).isFalse();

        viewModel.scopeProperty().set("payments");
        viewModel.add();

        assertThat(service.events(SANDBOX)).extracting(ScheduledEvent::scope).containsExactly("payments");
        assertThat(problems.messageProperty().get()).as("the corrected event went in, so the refusal is gone").isEmpty();
    }

    @Test
    void removingTheSelectedEventDeletesItAndForecastsAgain() {
        ScheduledEvent keep = event("Keep", "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z", "*", 1.2);
        ScheduledEvent drop = event("Drop", "2026-11-07T00:00:00Z", "2026-11-08T00:00:00Z", "search", 1.6);
        store.replaceEvents(SANDBOX, List.of(keep, drop));
        viewModel.accountProperty().set(SANDBOX);

        viewModel.remove(viewModel.events().get(1));

        assertThat(service.events(SANDBOX)).containsExactly(keep);
        assertThat(viewModel.events()).extracting(EventRow::event).containsExactly(keep);
        assertThat(recomputed).hasValue(1);
        assertThat(activity.messageProperty().get()).isEqualTo("Event Drop removed");
    }

    @Test
    void importingACalendarAddsItsEventsTellsHowManyAndForecastsAgain(@TempDir Path dir) throws IOException {
        Path file = calendar(dir, "campaigns.ics",
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Marketing//EN",
                "BEGIN:VEVENT", "UID:1@marketing", "SUMMARY:Black Friday",
                "DTSTART:20261127T000000Z", "DTEND:20261128T000000Z",
                "X-HEADROOM-SCOPE:checkout", "X-HEADROOM-LOAD-FACTOR:1.8", "END:VEVENT",
                "BEGIN:VEVENT", "UID:2@marketing", "SUMMARY:Newsletter",
                "DTSTART:20261105T090000Z", "DTEND:20261105T120000Z", "END:VEVENT",
                "END:VCALENDAR");
        viewModel.accountProperty().set(SANDBOX);

        viewModel.importCalendar(file);

        assertThat(activity.messageProperty().get()).isEqualTo("2 events imported from campaigns.ics");
        assertThat(viewModel.events()).extracting(EventRow::event).containsExactly(
                event("Newsletter", "2026-11-05T09:00:00Z", "2026-11-05T12:00:00Z", "*", 1.0),
                event("Black Friday", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z", "checkout", 1.8));
        assertThat(recomputed).hasValue(1);
        assertThat(problems.messageProperty().get()).isEmpty();

        viewModel.importCalendar(file);

        assertThat(activity.messageProperty().get()).isEqualTo("No new events in campaigns.ics");
        assertThat(viewModel.events()).hasSize(2);
    }

    @Test
    void aCalendarThatCannotBeReadNamesFileAndLineInTheBannerAndAddsNothing(@TempDir Path dir) throws IOException {
        Path file = calendar(dir, "broken.ics",
                "BEGIN:VCALENDAR", "VERSION:2.0",
                "BEGIN:VEVENT", "SUMMARY:Launch", "DTSTART:20261127T000000Z", "DTEND:tomorrow", "END:VEVENT",
                "END:VCALENDAR");
        viewModel.accountProperty().set(SANDBOX);

        viewModel.importCalendar(file);

        assertThat(problems.messageProperty().get()).contains("broken.ics").contains("line 6");
        assertThat(service.events(SANDBOX)).isEmpty();
        assertThat(recomputed).hasValue(0);
        assertThat(activity.messageProperty().get()).isEqualTo(Activity.IDLE);
    }

    @Test
    void anAddedEventRaisesTheChartedForecastOverItsSpan() {
        ForecastViewModel forecast = new ForecastViewModel(queries, runner, problems, activity);
        EventsViewModel wired = new EventsViewModel(service, queries, runner, problems, activity, forecast::refresh);
        forecast.accountProperty().set(SANDBOX);
        wired.accountProperty().set(SANDBOX);
        ChartData.Band before = forecast.chartProperty().get().forecast();
        String host = forecast.subjectProperty().get();
        int during = indexOf(before, NOW.plus(Duration.ofHours(3)));
        int after = indexOf(before, NOW.plus(Duration.ofHours(8)));

        // the proposed span: 15:00 to 19:00 UTC, every host of the account
        wired.nameProperty().set("Flash sale");
        wired.loadFactorProperty().set("1.5");
        wired.add();

        ChartData.Band shifted = forecast.chartProperty().get().forecast();
        assertThat(forecast.subjectProperty().get()).isEqualTo(host);
        assertThat(shifted.mean()[during]).isCloseTo(Math.min(100, 1.5 * before.mean()[during]),
                within(1e-6));
        assertThat(shifted.mean()[after]).as("outside the span").isEqualTo(before.mean()[after]);
        assertThat(forecast.modelTextProperty().get()).contains("Flash sale");
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    private static int indexOf(ChartData.Band band, Instant t) {
        for (int i = 0; i < band.size(); i++) {
            if (band.x()[i] >= t.toEpochMilli()) {
                return i;
            }
        }
        throw new AssertionError("the forecast does not reach " + t);
    }
}
