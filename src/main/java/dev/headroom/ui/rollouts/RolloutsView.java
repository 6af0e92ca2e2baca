package dev.headroom.ui.rollouts;

import dev.headroom.rollout.RolloutAlert;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Rollouts section: controls and banners on top, the account's rollouts on the left, the
 * selected one's batches with their hosts coloured by state, its load chart or after-the-end
 * summary, its reservations and alerts. Binds controls to {@link RolloutsViewModel}; the
 * confirmation dialogs, the half-second poll while the page is shown and the alert notifications
 * (ControlsFX, which do not take the focus) are its own.
 */
public final class RolloutsView implements SectionView {
    private static final Duration POLL = Duration.millis(500);
    private static final java.time.format.DateTimeFormatter LAUNCHED = java.time.format.DateTimeFormatter
            .ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private final RolloutsViewModel viewModel;
    private final LoadCheckChart chart = new LoadCheckChart();
    private final Map<String, Label> swatches = new LinkedHashMap<>();
    private final VBox batchBox = new VBox(6);
    private final TabPane loadTabs = new TabPane();
    private final Tab summaryTab = new Tab("Per batch, at the end");
    private final VBox root;
    private final ScrollPane batchScroll = new ScrollPane(batchBox);
    /** The batch last scrolled into view, so that a refresh does not undo the operator's own scrolling. */
    private String shownActive;
    /** The index of the batch row to scroll to once laid out; {@code null} when none is pending. */
    private Integer scrollTarget;
    private boolean paletteQueued;
    private boolean selecting;

    public RolloutsView(RolloutsViewModel viewModel) {
        this.viewModel = viewModel;
        SplitPane split = new SplitPane(rolloutTable(), details());
        split.setDividerPositions(0.3);
        split.setId(Styles.ID_ROLLOUT_SPLIT);
        VBox.setVgrow(split, Priority.ALWAYS);
        this.root = SectionPage.of(Section.ROLLOUTS, banners(), toolbar(), split, swatches());
        root.getStyleClass().add(Styles.ROLLOUTS_PAGE);
        Timeline poll = new Timeline(new KeyFrame(POLL, e -> viewModel.poll()));
        poll.setCycleCount(Animation.INDEFINITE);
        viewModel.shownProperty().addListener((obs, was, now) -> {
            if (now) {
                viewModel.refresh();
                poll.play();
            } else {
                poll.stop();
            }
        });
        viewModel.notifications().addListener((ListChangeListener<RolloutAlert>) c -> Platform.runLater(this::notifyAlerts));
    }

    @Override
    public Node root() {
        return root;
    }

    // ------------------------------------------------------------ banners and controls

    private Node banners() {
        Label resumed = new Label();
        resumed.setId(Styles.ID_ROLLOUT_BANNER);
        resumed.setWrapText(true);
        resumed.textProperty().bind(viewModel.bannerProperty());
        HBox.setHgrow(resumed, Priority.ALWAYS);
        resumed.setMaxWidth(Double.MAX_VALUE);
        Button dismiss = new Button("Dismiss");
        dismiss.setMinWidth(Region.USE_PREF_SIZE);
        dismiss.setOnAction(e -> viewModel.dismissBanner());
        HBox banner = new HBox(10, resumed, dismiss);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add(Styles.ROLLOUT_BANNER);
        banner.visibleProperty().bind(viewModel.bannerProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        Label waiting = text(Styles.ID_ROLLOUT_WAITING, viewModel.waitingTextProperty());
        waiting.getStyleClass().add(Styles.ROLLOUT_WAITING);
        Label lease = text(Styles.ID_ROLLOUT_LEASE, viewModel.leaseTextProperty());
        lease.getStyleClass().add(Styles.ROLLOUT_WAITING);
        return new VBox(4, banner, lease, waiting);
    }

    private Node toolbar() {
        Button launch = button("_Launch…", Styles.ID_ROLLOUT_LAUNCH, "Launch an approved scenario of this account "
                + "and drive it here");
        launch.disableProperty().bind(viewModel.canLaunchProperty().not());
        launch.setOnAction(e -> launchDialog());
        Button pause = button("_Pause", Styles.ID_ROLLOUT_PAUSE, "Stop before the next step; the step in flight "
                + "finishes");
        pause.disableProperty().bind(viewModel.canPauseProperty().not());
        pause.setOnAction(e -> viewModel.pause());
        Button resume = button("Res_ume", Styles.ID_ROLLOUT_RESUME, "Go on from where the journal stands; a failed "
                + "step is retried with its same key");
        resume.disableProperty().bind(viewModel.canResumeProperty().not());
        resume.setOnAction(e -> viewModel.resume());
        Button abort = button("Ab_ort…", Styles.ID_ROLLOUT_ABORT, "Release the reservations and put the current "
                + "batch back on its previous version");
        abort.disableProperty().bind(viewModel.canAbortProperty().not());
        abort.setOnAction(e -> confirm(RolloutsViewModel.Action.ABORT, "Abort the rollout", viewModel::abort));
        Button rollback = button("Roll _back batch…", Styles.ID_ROLLOUT_ROLLBACK, "Put the selected batch's "
                + "updated hosts back on their previous version (select a batch below)");
        rollback.disableProperty().bind(viewModel.canRollbackBatchProperty().not());
        rollback.setOnAction(e -> confirm(RolloutsViewModel.Action.ROLLBACK_BATCH, "Roll back the batch",
                viewModel::rollbackBatch));
        Button skip = button("S_kip host…", Styles.ID_ROLLOUT_SKIP, "Leave the selected waiting host out of the "
                + "rollout (click a host below)");
        skip.disableProperty().bind(viewModel.canSkipHostProperty().not());
        skip.setOnAction(e -> confirm(RolloutsViewModel.Action.SKIP_HOST, "Skip the host", viewModel::skipHost));
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(18, 18);
        working.setMinSize(18, 18);
        working.visibleProperty().bind(viewModel.busyProperty());
        working.managedProperty().bind(working.visibleProperty());
        Label driver = new Label();
        driver.setId(Styles.ID_ROLLOUT_DRIVER);
        driver.getStyleClass().add(Styles.MUTED);
        driver.textProperty().bind(viewModel.driverLineProperty());
        driver.setMinWidth(0);
        HBox.setHgrow(driver, Priority.ALWAYS);
        HBox bar = new HBox(8, launch, pause, resume, abort, rollback, skip, working, driver);
        bar.getStyleClass().add(Styles.TOOLBAR);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label why = text(Styles.ID_ROLLOUT_LAUNCH_MESSAGE, viewModel.launchMessageProperty());
        why.getStyleClass().add(Styles.MUTED);
        return new VBox(4, bar, why);
    }

    private static Button button(String text, String id, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static Label text(String id, ReadOnlyStringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** Asks before a destructive control, naming what will happen; runs {@code action} only on yes. */
    private void confirm(RolloutsViewModel.Action action, String yes, Runnable then) {
        ButtonType go = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, viewModel.confirmation(action), go, ButtonType.CANCEL);
        alert.setTitle(yes);
        alert.setHeaderText(yes + "?");
        alert.getDialogPane().setId(Styles.ID_ROLLOUT_CONFIRM);
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        ((Label) alert.getDialogPane().lookup(".content")).setWrapText(true);
        owner().ifPresent(alert::initOwner);
        // a slip of the Enter key must not abort a rollout: Cancel is the default
        ((Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (alert.showAndWait().filter(go::equals).isPresent()) {
            then.run();
        }
    }

    private void launchDialog() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Launch a rollout");
        dialog.setHeaderText("Launch an approved scenario of account " + viewModel.accountProperty().get());
        ChoiceBox<String> scenario = new ChoiceBox<>(viewModel.approvedScenarios());
        scenario.setId(Styles.ID_ROLLOUT_LAUNCH_SCENARIO);
        if (!viewModel.approvedScenarios().isEmpty()) {
            scenario.setValue(viewModel.approvedScenarios().get(0));
        }
        TextField version = new TextField();
        version.setId(Styles.ID_ROLLOUT_LAUNCH_VERSION);
        version.setPromptText("each service's release");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Scenario"), scenario);
        form.addRow(1, new Label("Version"), version);
        Label note = new Label("Its plan is executed batch by batch as approved; surge is reserved before each "
                + "batch. The rollout is driven by this console; if it closes, the rollout goes on when it opens "
                + "again.");
        note.setWrapText(true);
        note.setPrefWidth(420);
        note.getStyleClass().add(Styles.MUTED);
        dialog.getDialogPane().setContent(new VBox(10, form, note));
        ButtonType go = new ButtonType("Launch", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(go, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(go).disableProperty().bind(scenario.valueProperty().isNull());
        owner().ifPresent(dialog::initOwner);
        if (dialog.showAndWait().filter(go::equals).isPresent()) {
            viewModel.launch(scenario.getValue(), version.getText());
        }
    }

    private Optional<Window> owner() {
        return Optional.ofNullable(root.getScene()).map(s -> s.getWindow());
    }

    /** Each new alert once, in the window's corner; a popup that does not take the focus from the operator. */
    private void notifyAlerts() {
        List<RolloutAlert> pending = List.copyOf(viewModel.notifications());
        if (pending.isEmpty()) {
            return;
        }
        viewModel.notifications().clear();
        Optional<Window> window = owner().filter(Window::isShowing);
        if (window.isEmpty()) {
            // nowhere to show it; it stays in the alerts table
            return;
        }
        for (RolloutAlert a : pending) {
            Notifications n = Notifications.create().owner(window.get()).position(Pos.BOTTOM_RIGHT)
                    .hideAfter(Duration.seconds(12)).title("Rollout " + a.rolloutId() + " · " + a.subject())
                    .text(a.message());
            switch (a.severity()) {
                case CRITICAL -> n.showError();
                case WARNING -> n.showWarning();
                default -> n.showInformation();
            }
        }
    }

    // ------------------------------------------------------------ rollouts

    private Node rolloutTable() {
        TableView<RolloutRow> table = new TableView<>(viewModel.rollouts());
        table.setId(Styles.ID_ROLLOUT_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No rollout of this account yet."));
        table.getColumns().add(column("Id", 40, RolloutRow::id));
        table.getColumns().add(column("Scenario", 85, r -> r.rollout().scenario()));
        table.getColumns().add(column("Status", 65, r -> r.rollout().status().label()));
        table.getColumns().add(column("Steps", 65, RolloutRow::progressText));
        table.getColumns().add(column("Launched", 95, r -> LAUNCHED.format(r.rollout().created())));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RolloutRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : new Tooltip(row.rollout().detail()));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!selecting && now != null) {
                viewModel.selectedIdProperty().set(now.id());
            }
        });
        Runnable select = () -> {
            selecting = true;
            String id = viewModel.selectedIdProperty().get();
            Optional<RolloutRow> row = table.getItems().stream().filter(r -> r.id().equals(id)).findFirst();
            if (row.isPresent()) {
                table.getSelectionModel().select(row.get());
            } else {
                table.getSelectionModel().clearSelection();
            }
            selecting = false;
        };
        viewModel.selectedIdProperty().addListener((obs, was, now) -> select.run());
        viewModel.rollouts().addListener((ListChangeListener<RolloutRow>) c -> select.run());
        return table;
    }

    private static <S> TableColumn<S, String> column(String header, double width, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(header);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    // ------------------------------------------------------------ the selected rollout

    private Node details() {
        Label status = text(Styles.ID_ROLLOUT_STATUS, viewModel.statusTextProperty());
        status.getStyleClass().add(Styles.ROLLOUT_STATUS);
        batchBox.setId(Styles.ID_ROLLOUT_BATCHES);
        batchBox.getStyleClass().add(Styles.ROLLOUT_BATCHES);
        batchScroll.setFitToWidth(true);
        batchBox.heightProperty().addListener((obs, was, now) -> applyScroll());
        batchScroll.viewportBoundsProperty().addListener((obs, was, now) -> applyScroll());
        batchScroll.setPrefViewportHeight(190);
        batchScroll.setMinViewportHeight(80);
        viewModel.batches().addListener((ListChangeListener<BatchRow>) c -> drawBatches());
        viewModel.selectedBatchProperty().addListener((obs, was, now) -> drawBatches());
        viewModel.selectedHostProperty().addListener((obs, was, now) -> drawBatches());

        SplitPane bottom = new SplitPane(loadPane(), sidePane());
        bottom.setDividerPositions(0.47);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        SplitPane vertical = new SplitPane(batchScroll, bottom);
        vertical.setOrientation(javafx.geometry.Orientation.VERTICAL);
        vertical.setDividerPositions(0.42);
        VBox.setVgrow(vertical, Priority.ALWAYS);
        VBox box = new VBox(6, status, vertical);
        box.setMinWidth(0);
        return box;
    }

    private void drawBatches() {
        batchBox.getChildren().clear();
        Integer chosenBatch = viewModel.selectedBatchProperty().get();
        String chosenHost = viewModel.selectedHostProperty().get();
        long of = viewModel.batches().stream().mapToInt(BatchRow::batch).distinct().count();
        for (BatchRow b : viewModel.batches()) {
            Label title = new Label("Batch " + b.label() + " of " + of);
            title.getStyleClass().add(Styles.ROLLOUT_BATCH_TITLE);
            title.setMinWidth(Region.USE_PREF_SIZE);
            Label phase = new Label(b.phase() + " · " + b.progressText());
            phase.getStyleClass().add(Styles.MUTED);
            phase.setMinWidth(Region.USE_PREF_SIZE);
            FlowPane hosts = new FlowPane(4, 4);
            for (HostRow h : b.hosts()) {
                Label chip = new Label(h.host());
                chip.getStyleClass().addAll(Styles.ROLLOUT_HOST, h.state().styleClass());
                if (h.host().equals(chosenHost)) {
                    chip.getStyleClass().add(Styles.ROLLOUT_SELECTED);
                }
                chip.setTooltip(new Tooltip(h.host() + ": " + h.state().label() + (h.version().isEmpty() ? ""
                        : ", version " + h.version()) + (h.detail().isEmpty() ? "" : "\n" + h.detail())));
                chip.setOnMouseClicked(e -> {
                    viewModel.selectedBatchProperty().set(b.batch());
                    viewModel.selectedHostProperty().set(h.host());
                    e.consume();
                });
                hosts.getChildren().add(chip);
            }
            HBox.setHgrow(hosts, Priority.ALWAYS);
            VBox head = new VBox(2, title, phase);
            head.setMinWidth(150);
            head.setPrefWidth(190);
            Node body = hosts;
            if (b.held()) {
                // why the rollout waits here and the control that lets it go on, where the operator looks
                Label why = new Label(b.hold());
                why.setWrapText(true);
                why.setMinHeight(Region.USE_PREF_SIZE);
                why.getStyleClass().add(Styles.ROLLOUT_HOLD);
                Button resume = new Button("Resume");
                resume.setId(Styles.ID_ROLLOUT_HOLD_RESUME);
                resume.setMinWidth(Region.USE_PREF_SIZE);
                resume.disableProperty().bind(viewModel.canResumeProperty().not());
                resume.setOnAction(e -> viewModel.resume());
                HBox.setHgrow(why, Priority.ALWAYS);
                why.setMaxWidth(Double.MAX_VALUE);
                HBox holdLine = new HBox(8, why, resume);
                holdLine.setAlignment(Pos.CENTER_LEFT);
                VBox both = new VBox(4, hosts, holdLine);
                HBox.setHgrow(both, Priority.ALWAYS);
                body = both;
            } else if (!b.hold().isEmpty()) {
                Tooltip.install(head, new Tooltip(b.hold()));
            }
            HBox row = new HBox(10, head, body);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().addAll(Styles.ROLLOUT_BATCH, b.state().styleClass());
            if (Integer.valueOf(b.batch()).equals(chosenBatch)) {
                row.getStyleClass().add(Styles.ROLLOUT_SELECTED);
            }
            row.setOnMouseClicked(e -> {
                viewModel.selectedBatchProperty().set(b.batch());
                viewModel.selectedHostProperty().set(null);
            });
            batchBox.getChildren().add(row);
        }
        if (!viewModel.batches().isEmpty()) {
            batchBox.getChildren().add(legend());
        }
        scrollToActive();
    }

    /** Brings the first unfinished batch part into view when it changes (e.g. the driver moved on). */
    private void scrollToActive() {
        List<BatchRow> rows = viewModel.batches();
        int index = 0;
        while (index < rows.size() && (rows.get(index).state() == HostState.HEALTHY
                || rows.get(index).state() == HostState.SKIPPED || rows.get(index).state() == HostState.MOVED)) {
            index++;
        }
        if (index == rows.size()) {
            return;
        }
        String active = rows.get(index).label();
        if (active.equals(shownActive)) {
            return;
        }
        shownActive = active;
        scrollTarget = index;
        Platform.runLater(this::applyScroll);
    }

    /** Scrolls to the pending target once the rows are laid out; the page may be hidden until then. */
    private void applyScroll() {
        double content = batchBox.getHeight();
        double viewport = batchScroll.getViewportBounds().getHeight();
        if (scrollTarget == null || content <= 0 || viewport <= 0 || scrollTarget >= batchBox.getChildren().size()) {
            return;
        }
        Node target = batchBox.getChildren().get(scrollTarget);
        if (scrollTarget > 0 && target.getBoundsInParent().getMinY() <= 0) {
            // the box has its height but has not placed its rows yet: wait for the row to move
            target.boundsInParentProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends javafx.geometry.Bounds> obs,
                                    javafx.geometry.Bounds was, javafx.geometry.Bounds now) {
                    target.boundsInParentProperty().removeListener(this);
                    applyScroll();
                }
            });
            return;
        }
        scrollTarget = null;
        if (content > viewport) {
            batchScroll.setVvalue(Math.min(1, Math.max(0, target.getBoundsInParent().getMinY() - 8)
                    / (content - viewport)));
        }
    }

    private static Node legend() {
        FlowPane legend = new FlowPane(6, 4);
        legend.getStyleClass().add(Styles.ROLLOUT_LEGEND);
        for (HostState s : HostState.values()) {
            Label l = new Label(s.label());
            l.getStyleClass().addAll(Styles.ROLLOUT_HOST, s.styleClass());
            legend.getChildren().add(l);
        }
        return legend;
    }

    private Node loadPane() {
        ChoiceBox<String> service = new ChoiceBox<>(viewModel.services());
        service.setId(Styles.ID_ROLLOUT_SERVICE);
        service.valueProperty().bindBidirectional(viewModel.serviceProperty());
        Label serviceLabel = new Label("Service");
        serviceLabel.setLabelFor(service);
        HBox choose = new HBox(8, serviceLabel, service);
        choose.setAlignment(Pos.CENTER_LEFT);
        choose.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.services()));
        choose.managedProperty().bind(choose.visibleProperty());
        Node viewer = chart.node();
        viewer.setId(Styles.ID_ROLLOUT_CHART);
        Label empty = text(Styles.ID_ROLLOUT_LOAD_TEXT, viewModel.loadTextProperty());
        empty.getStyleClass().add(Styles.MUTED);
        empty.setMaxWidth(360);
        viewer.visibleProperty().bind(viewModel.loadTextProperty().isEmpty());
        StackPane chartPane = new StackPane(viewer, empty);
        VBox.setVgrow(chartPane, Priority.ALWAYS);
        viewModel.chartChecksProperty().addListener((obs, was, now) -> chart.show(viewModel.serviceProperty().get(),
                now));
        Tab load = new Tab("Predicted vs actual load", new VBox(6, choose, chartPane));

        TableView<SummaryRow> summary = new TableView<>(viewModel.summary());
        summary.setId(Styles.ID_ROLLOUT_SUMMARY);
        summary.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label none = new Label();
        none.setWrapText(true);
        none.setMaxWidth(380);
        none.textProperty().bind(viewModel.summaryTextProperty());
        summary.setPlaceholder(none);
        summary.getColumns().add(column("Batch", 50, r -> Integer.toString(r.batch())));
        summary.getColumns().add(column("Service", 80, SummaryRow::service));
        summary.getColumns().add(column("Ticks", 45, r -> Integer.toString(r.ticks())));
        summary.getColumns().add(column("Median", 60, r -> cores(r.meanMedian())));
        summary.getColumns().add(column("Upper", 60, r -> cores(r.maxUpper())));
        summary.getColumns().add(column("Actual", 60, r -> cores(r.meanActual())));
        summary.getColumns().add(column("Peak", 60, r -> cores(r.peakActual())));
        summary.getColumns().add(column("Capacity", 65, r -> cores(r.minCapacity())));
        summary.getColumns().add(column("Above upper", 80, r -> Integer.toString(r.aboveUpper())));
        summary.getColumns().add(column("Error", 60, r -> Double.isNaN(r.meanErrorShare()) ? Formats.UNKNOWN
                : Formats.percent(r.meanErrorShare())));
        Label summaryNote = text(Styles.ID_ROLLOUT_SUMMARY_TEXT, viewModel.summaryTextProperty());
        summaryNote.getStyleClass().add(Styles.MUTED);
        VBox.setVgrow(summary, Priority.ALWAYS);
        summaryTab.setContent(new VBox(6, summaryNote, summary));
        summaryTab.disableProperty().bind(viewModel.endedProperty().not());
        viewModel.endedProperty().addListener((obs, was, now) -> {
            if (now) {
                loadTabs.getSelectionModel().select(summaryTab);
            } else {
                loadTabs.getSelectionModel().select(load);
            }
        });
        loadTabs.getTabs().addAll(load, summaryTab);
        loadTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        loadTabs.setId(Styles.ID_ROLLOUT_LOAD_TABS);
        return loadTabs;
    }

    /** A column the table does not squeeze below its width: the last, flexible one gives way instead. */
    private static <S> TableColumn<S, String> fixed(TableColumn<S, String> c) {
        c.setMinWidth(c.getPrefWidth());
        return c;
    }

    private static String cores(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : Formats.UNKNOWN;
    }

    private Node sidePane() {
        Label reservationsTitle = new Label("Reservations");
        reservationsTitle.getStyleClass().add(Styles.ROLLOUT_SECTION_TITLE);
        Label cost = text(Styles.ID_ROLLOUT_COST, viewModel.costTextProperty());
        TableView<ReservationRow> reservations = new TableView<>(viewModel.reservations());
        reservations.setId(Styles.ID_ROLLOUT_RESERVATIONS);
        reservations.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        reservations.setPlaceholder(new Label("No reservation."));
        reservations.getColumns().add(column("#", 32, ReservationRow::batchLabel));
        reservations.getColumns().add(column("Got", 45, r -> (r.granted() < 0 ? Formats.UNKNOWN
                : Integer.toString(r.granted())) + "/" + r.count()));
        reservations.getColumns().add(column("State", 62, ReservationRow::state));
        reservations.getColumns().add(column("Cost", 55, r -> r.costSoFar().isPresent()
                ? Formats.usd(r.costSoFar().getAsDouble()) : Formats.UNKNOWN));
        // the widest text last, where the table gives the room that is left
        reservations.getColumns().add(column("Surge", 180, ReservationRow::what));

        Label alertsTitle = new Label();
        alertsTitle.getStyleClass().add(Styles.ROLLOUT_SECTION_TITLE);
        alertsTitle.textProperty().bind(javafx.beans.binding.Bindings.size(viewModel.alerts()).asString("Alerts (%d)"));
        TableView<RolloutAlert> alerts = new TableView<>(viewModel.alerts());
        alerts.setId(Styles.ID_ROLLOUT_ALERTS);
        alerts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label noAlerts = new Label("No alerts for this rollout.");
        noAlerts.setWrapText(true);
        alerts.setPlaceholder(noAlerts);
        alerts.getColumns().add(fixed(column("Time", 50, a -> TIME.format(a.at()))));
        alerts.getColumns().add(fixed(column("Level", 62, a -> a.severity().name().toLowerCase(Locale.ROOT))));
        alerts.getColumns().add(fixed(column("Subject", 80, RolloutAlert::subject)));
        TableColumn<RolloutAlert, String> message = column("Message", 260, RolloutAlert::message);
        // the message is what the operator acts on (what happened, what to do): wrapped, never cut
        message.setCellFactory(c -> new TableCell<>() {
            private final javafx.scene.text.Text text = new javafx.scene.text.Text();

            {
                text.wrappingWidthProperty().bind(message.widthProperty().subtract(12));
                text.getStyleClass().add(Styles.ROLLOUT_ALERT_TEXT);
                setPrefHeight(Region.USE_COMPUTED_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item);
                setGraphic(empty || item == null ? null : text);
                setText(null);
            }
        });
        alerts.getColumns().add(message);
        // a message is longer than its cell: the row's tooltip gives all of it
        alerts.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RolloutAlert a, boolean empty) {
                super.updateItem(a, empty);
                Tooltip tip = empty || a == null ? null : new Tooltip(a.message());
                if (tip != null) {
                    tip.setWrapText(true);
                    tip.setMaxWidth(480);
                }
                setTooltip(tip);
            }
        });
        VBox.setVgrow(reservations, Priority.ALWAYS);
        VBox.setVgrow(alerts, Priority.ALWAYS);
        // a plan without surge says so in the cost line; its empty table would only take the alerts' room
        reservations.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.reservations()));
        reservations.managedProperty().bind(reservations.visibleProperty());
        VBox side = new VBox(6, reservationsTitle, cost, reservations, alertsTitle, alerts);
        side.setMinWidth(0);
        return side;
    }

    // ------------------------------------------------------------ theme colours for the chart

    /** Invisible labels that take the chart's colours from the theme, as on the Forecasts and Plan pages. */
    private Node swatches() {
        Pane pane = new Pane();
        for (String name : RolloutPalette.SWATCHES) {
            Label swatch = new Label();
            swatch.getStyleClass().addAll(Styles.CHART_SWATCH, Styles.CHART_SWATCH + "-" + name);
            swatch.textFillProperty().addListener((obs, old, now) -> queuePalette());
            swatches.put(name, swatch);
            pane.getChildren().add(swatch);
        }
        pane.setManaged(false);
        pane.setMouseTransparent(true);
        pane.setOpacity(0);
        return pane;
    }

    private void queuePalette() {
        if (paletteQueued) {
            return;
        }
        paletteQueued = true;
        Platform.runLater(() -> {
            paletteQueued = false;
            chart.applyPalette(new RolloutPalette(colour("surface"), colour("text"), colour("muted"), colour("grid"),
                    colour("forecast"), colour("band-inner"), colour("actual"), colour("capacity")));
        });
    }

    private java.awt.Color colour(String swatch) {
        Paint fill = swatches.get(swatch).getTextFill();
        return RolloutPalette.awt(fill instanceof Color c ? c : Color.GRAY);
    }
}
