package dev.headroom.ui.rollouts;

import dev.headroom.rollout.Lease;
import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.rollout.RolloutStep;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The Rollouts section: the account's rollouts, and for the selected one its batches and hosts,
 * reservations and their cost, alerts, predicted against actual load, and the operator controls.
 * Engine calls run through the {@link BackgroundRunner}; a rollout launched, resumed or found
 * unfinished at start-up is driven by a background driver of this console, and the section reads
 * the journal again at each step the driver reports and whenever {@link #poll()} is called.
 */
public final class RolloutsViewModel {
    /** The words for a rollout resumed when the console opened. */
    public static final String RESUMED = "resumed after restart";

    private final RolloutQueries queries;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ObservableList<RolloutRow> rollouts = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty(this, "selectedId");
    private final ReadOnlyObjectWrapper<Rollout> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<BatchRow> batches = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> selectedBatch = new SimpleObjectProperty<>(this, "selectedBatch");
    private final StringProperty selectedHost = new SimpleStringProperty(this, "selectedHost");
    private final ObservableList<ReservationRow> reservations = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper costText = new ReadOnlyStringWrapper(this, "costText", "");
    private final ObservableList<RolloutAlert> alerts = FXCollections.observableArrayList();
    private final ObservableList<RolloutAlert> notifications = FXCollections.observableArrayList();
    private final ObservableList<LoadCheck> loadChecks = FXCollections.observableArrayList();
    private final ObservableList<String> services = FXCollections.observableArrayList();
    private final StringProperty service = new SimpleStringProperty(this, "service");
    private final ReadOnlyObjectWrapper<List<LoadCheck>> chartChecks = new ReadOnlyObjectWrapper<>(this,
            "chartChecks", List.of());
    private final ReadOnlyStringWrapper loadText = new ReadOnlyStringWrapper(this, "loadText", "");
    private final ObservableList<SummaryRow> summary = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper ended = new ReadOnlyBooleanWrapper(this, "ended");
    private final ReadOnlyStringWrapper summaryText = new ReadOnlyStringWrapper(this, "summaryText", "");
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", "");
    private final ReadOnlyStringWrapper leaseText = new ReadOnlyStringWrapper(this, "leaseText", "");
    private final ReadOnlyStringWrapper waitingText = new ReadOnlyStringWrapper(this, "waitingText", "");
    private final ReadOnlyStringWrapper driverLine = new ReadOnlyStringWrapper(this, "driverLine", "");
    private final ObservableList<String> approved = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper launchMessage = new ReadOnlyStringWrapper(this, "launchMessage", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper canLaunch = new ReadOnlyBooleanWrapper(this, "canLaunch");
    private final ReadOnlyBooleanWrapper canPause = new ReadOnlyBooleanWrapper(this, "canPause");
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(this, "canResume");
    private final ReadOnlyBooleanWrapper canAbort = new ReadOnlyBooleanWrapper(this, "canAbort");
    private final ReadOnlyBooleanWrapper canRollbackBatch = new ReadOnlyBooleanWrapper(this, "canRollbackBatch");
    private final ReadOnlyBooleanWrapper canSkipHost = new ReadOnlyBooleanWrapper(this, "canSkipHost");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
    private final ObservableSet<String> driving = FXCollections.observableSet();
    private final Set<String> resumed = new LinkedHashSet<>();
    /** Rollouts resumed while their driver was still running: driven again once it returned. */
    private final Set<String> driveAgain = new HashSet<>();
    /** Alerts already seen per rollout, so that only new ones are notified. */
    private final Map<String, Set<RolloutAlert>> seenAlerts = new HashMap<>();
    /** Rollouts another process drove when this console tried to: why it was refused, per rollout. */
    private final Map<String, String> refused = new HashMap<>();

    /** Who drives the selected rollout when it is not this console; empty when none does or this console does. */
    private Optional<Lease> otherDriver = Optional.empty();
    /** True while the account changes: the selection is cleared without a read of its own. */
    private boolean switching;
    private boolean refreshing;
    private boolean refreshAgain;
    private long generation;

    public RolloutsViewModel(RolloutQueries queries, BackgroundRunner runner, Problems problems, Activity activity) {
        this.queries = queries;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        account.addListener((obs, was, now) -> {
            generation++;
            switching = true;
            selectedId.set(null);
            switching = false;
            rollouts.clear();
            approved.clear();
            showSelected(null);
            load();
        });
        selectedId.addListener((obs, was, now) -> {
            selectedBatch.set(null);
            selectedHost.set(null);
            service.set(null);
            if (!switching) {
                showSelected(null);
                refresh();
            }
        });
        service.addListener((obs, was, now) -> chart());
        selectedBatch.addListener((obs, was, now) -> controls());
        selectedHost.addListener((obs, was, now) -> controls());
        busy.addListener((obs, was, now) -> controls());
        driving.addListener((javafx.collections.SetChangeListener<String>) c -> controls());
        controls();
    }

    // ---------------------------------------------------------------- reading

    /** Reads the account's rollouts and approved scenarios, showing progress in the status bar. */
    public void load() {
        if (account.get() == null) {
            return;
        }
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        read(activity.begin("Reading the rollouts of " + account.get() + "…"));
    }

    /** Reads the journal again unless a read is under way; the view calls it every half second while shown. */
    public void poll() {
        if (!refreshing && account.get() != null) {
            read(() -> { });
        }
    }

    /** Reads the journal again; a request during a read makes one more read after it. */
    public void refresh() {
        if (account.get() == null) {
            return;
        }
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        read(() -> { });
    }

    /** What one read of the journal found. */
    private record Snapshot(List<String> approved, List<RolloutRow> rows, Optional<Rollout> selected, List<RolloutStep> steps,
                            List<RolloutAlert> alerts, List<LoadCheck> checks,
                            Optional<List<PlannedReservation>> plan, Optional<Lease> driver,
                            Optional<Instant> planTime) {
    }

    private void read(Runnable done) {
        String a = account.get();
        String want = selectedId.get();
        long gen = generation;
        refreshing = true;
        runner.run(() -> {
            List<String> names = queries.approvedScenarios(a);
            List<RolloutRow> rows = new ArrayList<>();
            List<Rollout> list = new ArrayList<>(queries.rollouts(a));
            list.sort(Comparator.comparing(Rollout::created).thenComparing(Rollout::id).reversed());
            List<RolloutStep> steps = List.of();
            Optional<Rollout> chosen = Optional.empty();
            String id = want != null ? want : defaultSelection(list);
            for (Rollout r : list) {
                List<RolloutStep> own = queries.steps(r.id());
                rows.add(RolloutProgress.row(r, own));
                if (r.id().equals(id)) {
                    chosen = Optional.of(r);
                    steps = own;
                }
            }
            if (chosen.isEmpty()) {
                return new Snapshot(names, rows, chosen, List.of(), List.of(), List.of(), Optional.empty(),
                        Optional.empty(), Optional.empty());
            }
            Rollout r = chosen.get();
            return new Snapshot(names, rows, chosen, steps, queries.alerts(r.id()), queries.loadChecks(r.id()),
                    queries.reservations(r), queries.driver(r.id()),
                    r.status().finished() ? Optional.empty() : Optional.of(queries.planTime(r.id())));
        }, snapshot -> {
            refreshing = false;
            done.run();
            if (gen == generation) {
                show(snapshot, want);
                loaded.set(true);
            }
            again();
        }, failure -> {
            refreshing = false;
            done.run();
            loaded.set(true);
            problems.report(failure, this::refresh);
            again();
        });
    }

    private void again() {
        if (refreshAgain) {
            refreshAgain = false;
            refresh();
        }
    }

    /** An unfinished rollout when there is one, else the newest. */
    private static String defaultSelection(List<Rollout> newestFirst) {
        return newestFirst.stream().filter(r -> !r.status().finished()).findFirst()
                .or(() -> newestFirst.stream().findFirst()).map(Rollout::id).orElse(null);
    }

    private void show(Snapshot s, String wanted) {
        if (!approved.equals(s.approved())) {
            approved.setAll(s.approved());
        }
        String a = account.get();
        launchMessage.set(s.approved().isEmpty() ? "No scenario of account " + a + " has an approved plan, so there "
                + "is nothing to launch. Plan a scenario on the Plan page, then approve it with: headroom rollout "
                + "approve SCENARIO --account " + a : "");
        update(rollouts, s.rows());
        controls();
        waitingText.set(waiting(s.rows()));
        if (!Objects.equals(wanted, selectedId.get())) {
            // the operator chose another rollout while this read ran; its own read follows
            return;
        }
        if (wanted == null && s.selected().isPresent()) {
            // choosing the default selection reads again through the listener
            selectedId.set(s.selected().get().id());
            return;
        }
        showSelected(s);
    }

    /** Replaces the list's content only when it changed, so that a poll does not redraw what is on screen. */
    private static <T> void update(ObservableList<T> list, List<T> next) {
        if (!list.equals(next)) {
            list.setAll(next);
        }
    }

    private static String waiting(List<RolloutRow> rows) {
        List<String> names = rows.stream().map(RolloutRow::rollout)
                .filter(r -> r.status() == RolloutStatus.PAUSED || r.status() == RolloutStatus.FAILED)
                .map(r -> r.id() + " (" + r.scenario() + ", " + r.status().label() + ")").toList();
        if (names.isEmpty()) {
            return "";
        }
        return (names.size() == 1 ? "Rollout " + names.get(0) + " waits" : "Rollouts " + String.join(", ", names)
                + " wait") + " for an operator: select it, then Resume to go on or Abort to undo the current batch.";
    }

    private void showSelected(Snapshot s) {
        Optional<Rollout> r = s == null ? Optional.empty() : s.selected();
        selected.set(r.orElse(null));
        if (r.isEmpty()) {
            batches.clear();
            reservations.clear();
            alerts.clear();
            loadChecks.clear();
            services.clear();
            summary.clear();
            costText.set("");
            statusText.set(rollouts.isEmpty() ? "No rollout of this account yet. Launch an approved scenario to "
                    + "start one." : "");
            ended.set(false);
            summaryText.set("");
            leaseText.set("");
            otherDriver = Optional.empty();
            chart();
            controls();
            return;
        }
        Rollout rollout = r.get();
        // a lease this console does not hold is another process's driver (e.g. "headroom rollout run")
        otherDriver = driving.contains(rollout.id()) ? Optional.empty() : s.driver();
        boolean lapsed = otherDriver.isEmpty() && refused.containsKey(rollout.id()) && rollout.status().needsDriver()
                && !driving.contains(rollout.id());
        if (otherDriver.isEmpty() || rollout.status().finished()) {
            refused.remove(rollout.id());
        }
        if (lapsed) {
            // the driver this console left it to stopped without finishing it: none may stay without a driver
            driverLine.set("The other driver of rollout " + rollout.id() + " stopped without finishing it (its "
                    + "lease lapsed); this console drives it now.");
            drive(rollout.id());
        }
        leaseText.set(otherDriver.isEmpty() || rollout.status().finished() ? ""
                : "Driven by another process: " + refused.getOrDefault(rollout.id(), "rollout " + rollout.id()
                + " is being driven by " + otherDriver.get().holder() + " (lease until "
                + Formats.clock(otherDriver.get().expiresAt()) + "). This console watches it and does not drive "
                + "it; pause and abort still reach that driver."));
        update(batches, RolloutProgress.batches(s.steps(), rollout.status() == RolloutStatus.PAUSED));
        List<ReservationRow> rows = RolloutProgress.reservations(s.steps(), s.plan());
        update(reservations, rows);
        costText.set(cost(rows, s.plan().isPresent()));
        newAlerts(rollout.id(), s.alerts());
        update(alerts, s.alerts());
        update(loadChecks, s.checks());
        List<String> names = RolloutProgress.services(s.checks());
        if (!services.equals(names)) {
            String keep = service.get();
            services.setAll(names);
            service.set(keep != null && names.contains(keep) ? keep : names.isEmpty() ? null : names.get(0));
        }
        chart();
        ended.set(rollout.status().finished());
        update(summary, rollout.status().finished() ? RolloutProgress.summary(s.checks()) : List.of());
        summaryText.set(!rollout.status().finished() ? ""
                : s.checks().isEmpty() ? "No load checks were recorded for this rollout, so there is nothing to "
                + "compare. (The engine does not monitor load during rollouts yet.)"
                : "Predicted against actual load per batch, from " + s.checks().size() + " load checks. "
                + "When a rollout ends, the engine writes each batch's score per service (checks, mean absolute "
                + "error, bias, share above the upper quantile, worst under-prediction) to the forecast feedback "
                + "store, and the updates that ran (plan-time start and end, outcome) to the account's update "
                + "history, where the next plan's update estimates learn from them; rollouts that ended before this "
                + "version of Headroom were not scored. This table only shows the load checks; it writes nothing.");
        statusText.set(status(rollout, s.planTime()));
        controls();
    }

    private String status(Rollout r, Optional<Instant> planTime) {
        String driver = driving.contains(r.id()) ? " · driven by this console"
                : otherDriver.map(l -> " · driven by " + l.holder()).orElse("");
        String plan = planTime.map(t -> " · plan time " + Formats.clock(t)).orElse("")
                + (r.settings().speed() == 1 ? "" : String.format(Locale.ROOT, " (×%.0f)", r.settings().speed()));
        String head = "Rollout " + r.id() + " of scenario " + r.scenario() + " · " + r.status().label()
                + (resumed.contains(r.id()) ? " · " + RESUMED : "") + driver + " · launched "
                + Formats.clock(r.created()) + plan;
        String what = switch (r.status()) {
            case PAUSED -> " Waiting for you: Resume to go on, or Abort to undo the current batch.";
            case FAILED -> " Waiting for you: Resume retries the failed step with its same key, Abort undoes the "
                    + "current batch.";
            case RUNNING, ABORTING -> driving.contains(r.id()) || otherDriver.isPresent() ? "" : " No driver: "
                    + "press Resume to drive it here.";
            default -> "";
        };
        String detail = r.detail().strip();
        return head + (detail.isEmpty() ? "" : " — " + detail) + (detail.endsWith(".") ? "" : ".") + what;
    }

    private static String cost(List<ReservationRow> rows, boolean priced) {
        if (rows.isEmpty()) {
            return "This plan reserves no surge capacity.";
        }
        long held = rows.stream().filter(ReservationRow::held).count();
        if (!priced) {
            return held + " of " + rows.size() + " reservations held. Their cost is not known: the scenario's plan "
                    + "changed after launch.";
        }
        double sum = rows.stream().map(ReservationRow::costSoFar).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).sum();
        return held + " of " + rows.size() + " reservations held · cost so far " + String.format(Locale.ROOT,
                "$%.2f", sum) + " (plan prices, for the share granted)";
    }

    private void newAlerts(String id, List<RolloutAlert> now) {
        Set<RolloutAlert> seen = seenAlerts.get(id);
        if (seen == null) {
            // alerts raised before the console looked are listed, not notified
            seenAlerts.put(id, new HashSet<>(now));
            return;
        }
        for (RolloutAlert a : now) {
            if (seen.add(a)) {
                notifications.add(a);
            }
        }
    }

    private void chart() {
        String s = service.get();
        List<LoadCheck> own = s == null ? List.of() : loadChecks.stream().filter(c -> c.service().equals(s))
                .sorted(Comparator.comparing(LoadCheck::planTime)).toList();
        chartChecks.set(own);
        Rollout r = selected.get();
        loadText.set(r == null ? "" : loadChecks.isEmpty() ? "No load checks yet: the engine has not recorded "
                + "predicted against actual load for this rollout." : "");
    }

    // ---------------------------------------------------------------- controls

    private void controls() {
        Rollout r = selected.get();
        RolloutStatus status = r == null ? null : r.status();
        boolean idle = !busy.get();
        boolean unfinished = account.get() != null && rollouts.stream().anyMatch(row -> !row.rollout().status()
                .finished());
        canLaunch.set(idle && account.get() != null && !approved.isEmpty() && !unfinished);
        canPause.set(idle && status == RolloutStatus.RUNNING);
        // a rollout another process drives is left to it: a second driver would be refused its lease
        canResume.set(idle && (status == RolloutStatus.PAUSED || status == RolloutStatus.FAILED
                || (status != null && status.needsDriver() && !driving.contains(r.id()) && otherDriver.isEmpty())));
        boolean open = status != null && !status.finished() && status != RolloutStatus.ABORTING;
        canAbort.set(idle && open);
        Integer batch = selectedBatch.get();
        canRollbackBatch.set(idle && open && batch != null && batches.stream().anyMatch(b -> b.batch() == batch
                && b.hosts().stream().anyMatch(h -> h.state() == HostState.UPDATED || h.state() == HostState.HEALTHY
                || h.state() == HostState.VERIFYING || h.state() == HostState.FAILED)));
        String host = selectedHost.get();
        canSkipHost.set(idle && open && host != null && batches.stream().flatMap(b -> b.hosts().stream())
                .anyMatch(h -> h.host().equals(host) && h.state() == HostState.WAITING));
    }

    /** Launches the account's approved scenario and drives it in the background. */
    public void launch(String scenario, String version) {
        String a = account.get();
        Optional<String> v = version == null || version.isBlank() ? Optional.empty() : Optional.of(version.strip());
        act("Launching scenario " + scenario + "…", () -> queries.launch(a, scenario, v), r -> {
            selectedId.set(r.id());
            activity.tell("Rollout " + r.id() + " of " + scenario + " launched");
        });
    }

    public void pause() {
        withSelected(id -> act("Pausing rollout " + id + "…", () -> queries.pause(id),
                r -> activity.tell("Rollout " + id + " paused")));
    }

    public void resume() {
        withSelected(id -> act("Resuming rollout " + id + "…", () -> queries.resume(id),
                r -> activity.tell("Rollout " + id + " resumed")));
    }

    public void abort() {
        withSelected(id -> act("Aborting rollout " + id + "…", () -> queries.abort(id),
                r -> activity.tell("Rollout " + id + " aborting")));
    }

    /** Rolls back the selected batch of the selected rollout. */
    public void rollbackBatch() {
        Integer batch = selectedBatch.get();
        if (batch == null) {
            return;
        }
        withSelected(id -> act("Rolling back batch " + batch + " of " + id + "…", () -> queries.rollbackBatch(id,
                batch), r -> activity.tell("Batch " + batch + " of " + id + " rolled back")));
    }

    /** Leaves the selected host out of the selected rollout. */
    public void skipHost() {
        String host = selectedHost.get();
        if (host == null) {
            return;
        }
        withSelected(id -> act("Skipping host " + host + " in " + id + "…", () -> queries.skipHost(id, host),
                r -> activity.tell("Host " + host + " skipped in " + id)));
    }

    private void withSelected(java.util.function.Consumer<String> action) {
        String id = selectedId.get();
        if (id != null) {
            action.accept(id);
        }
    }

    /** One operator action: never retried by the banner, since repeating it is the operator's call. */
    private void act(String what, BackgroundRunner.Work<Rollout> work, java.util.function.Consumer<Rollout> after) {
        busy.set(true);
        Runnable done = activity.begin(what);
        runner.run(work, r -> {
            done.run();
            busy.set(false);
            after.accept(r);
            if (r.status().needsDriver()) {
                drive(r.id());
            }
            refresh();
        }, failure -> {
            done.run();
            busy.set(false);
            problems.report(failure, null);
            refresh();
        });
    }

    /** Drives the rollout in the background unless this console drives it already. */
    void drive(String id) {
        if (!driving.add(id)) {
            // its driver may be returning after a pause it saw; once it has, it looks again
            driveAgain.add(id);
            return;
        }
        runner.run(progress -> queries.drive(id, line -> progress.progress(-1, line)), (fraction, line) -> {
            driverLine.set(line == null ? "" : line.strip());
            refresh();
        }, end -> {
            ended(id);
            driverLine.set("Rollout " + id + " " + end.status().label() + (end.detail().isBlank() ? "" : ": "
                    + end.detail()));
            refresh();
        }, failure -> {
            ended(id);
            if (failure instanceof RolloutService.LeaseRefused) {
                // not a fault: another driver has it; this console keeps polling the journal and shows its progress
                refused.put(id, failure.getMessage());
                driverLine.set("Rollout " + id + " is driven by another process; watching it.");
            } else {
                problems.report(failure, null);
            }
            refresh();
        });
    }

    private void ended(String id) {
        driving.remove(id);
        if (driveAgain.remove(id)) {
            // a resume came while the driver was stopping; a driver that finds nothing to do returns at once
            drive(id);
        }
    }

    /**
     * At start-up: drives every unfinished rollout of every account (running or aborting) in the
     * background, so none is left without a driver; the account's resumed ones say so.
     */
    public void resumeAfterStart() {
        // a rollout whose lease another live driver holds (a CLI "rollout run") is left to it and watched
        runner.run(() -> queries.unfinished().stream().filter(r -> queries.driver(r.id()).isEmpty()).toList(),
                list -> {
            for (Rollout r : list) {
                resumed.add(r.id());
                drive(r.id());
            }
            if (!list.isEmpty()) {
                banner.set((list.size() == 1 ? "Rollout " : "Rollouts ") + String.join(", ", list.stream()
                        .map(r -> r.id() + " (" + r.scenario() + ", account " + r.account() + ")").toList())
                        + (list.size() == 1 ? " was" : " were") + " unfinished when Headroom last stopped and "
                        + (list.size() == 1 ? "is" : "are") + " driven again: " + RESUMED + ".");
            }
            refresh();
        }, failure -> problems.report(failure, this::resumeAfterStart));
    }

    public void dismissBanner() {
        banner.set("");
    }

    /** The confirmation an operator reads before {@code action}; names what will happen. */
    public String confirmation(Action action) {
        Rollout r = selected.get();
        String name = r == null ? "" : "rollout " + r.id() + " of scenario " + r.scenario();
        return switch (action) {
            case ABORT -> "Abort " + name + "? Every pending step is skipped, every reservation still held is "
                    + "released, and the hosts of the current batch that were already updated go back to their "
                    + "previous version, lowest capacity first. Batches already finished keep the new version.";
            case ROLLBACK_BATCH -> "Roll back batch " + selectedBatch.get() + " of " + name + "? Its hosts that "
                    + "were already updated go back to their previous version, lowest capacity first, and the "
                    + "rollout pauses.";
            case SKIP_HOST -> "Skip host " + selectedHost.get() + " in " + name + "? Its pending steps are skipped "
                    + "and it stays on its current version.";
        };
    }

    /** The destructive controls, each confirmed before it runs. */
    public enum Action { ABORT, ROLLBACK_BATCH, SKIP_HOST }

    // ---------------------------------------------------------------- properties

    public StringProperty accountProperty() {
        return account;
    }

    public ObservableList<RolloutRow> rollouts() {
        return rollouts;
    }

    /** The id of the rollout shown; the view binds its list's selection to it. */
    public StringProperty selectedIdProperty() {
        return selectedId;
    }

    public ReadOnlyObjectProperty<Rollout> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObservableList<BatchRow> batches() {
        return batches;
    }

    public ObjectProperty<Integer> selectedBatchProperty() {
        return selectedBatch;
    }

    public StringProperty selectedHostProperty() {
        return selectedHost;
    }

    public ObservableList<ReservationRow> reservations() {
        return reservations;
    }

    public ReadOnlyStringProperty costTextProperty() {
        return costText.getReadOnlyProperty();
    }

    public ObservableList<RolloutAlert> alerts() {
        return alerts;
    }

    /** Alerts raised while the console watched; the view shows each once and removes it. */
    public ObservableList<RolloutAlert> notifications() {
        return notifications;
    }

    public ObservableList<LoadCheck> loadChecks() {
        return loadChecks;
    }

    public ObservableList<String> services() {
        return services;
    }

    /** The service whose load the chart shows. */
    public StringProperty serviceProperty() {
        return service;
    }

    public ReadOnlyObjectProperty<List<LoadCheck>> chartChecksProperty() {
        return chartChecks.getReadOnlyProperty();
    }

    /** Why the load chart is empty; empty when it is not. */
    public ReadOnlyStringProperty loadTextProperty() {
        return loadText.getReadOnlyProperty();
    }

    public ObservableList<SummaryRow> summary() {
        return summary;
    }

    /** True when the selected rollout is done or aborted: the predicted-vs-actual summary applies. */
    public ReadOnlyBooleanProperty endedProperty() {
        return ended.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryTextProperty() {
        return summaryText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** "Rollout r1 … driven again: resumed after restart."; empty when nothing was resumed or it was dismissed. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** "Driven by another process: …" while a driver elsewhere holds the selected rollout; empty otherwise. */
    public ReadOnlyStringProperty leaseTextProperty() {
        return leaseText.getReadOnlyProperty();
    }

    /** Which paused or failed rollouts of the account wait for an operator; empty when none does. */
    public ReadOnlyStringProperty waitingTextProperty() {
        return waitingText.getReadOnlyProperty();
    }

    /** The last step transition a driver of this console reported. */
    public ReadOnlyStringProperty driverLineProperty() {
        return driverLine.getReadOnlyProperty();
    }

    public ObservableList<String> approvedScenarios() {
        return approved;
    }

    /** Why nothing can be launched; empty when an approved scenario exists. */
    public ReadOnlyStringProperty launchMessageProperty() {
        return launchMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether the rollout has a driver in this console. */
    public boolean driving(String id) {
        return driving.contains(id);
    }

    public ReadOnlyBooleanProperty canLaunchProperty() {
        return canLaunch.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPauseProperty() {
        return canPause.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canResumeProperty() {
        return canResume.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canAbortProperty() {
        return canAbort.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRollbackBatchProperty() {
        return canRollbackBatch.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSkipHostProperty() {
        return canSkipHost.getReadOnlyProperty();
    }

    /** True while the section is on screen; the view polls the journal only then. */
    public BooleanProperty shownProperty() {
        return shown;
    }

}
