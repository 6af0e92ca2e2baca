package dev.headroom.ui.plan;

import dev.headroom.plan.Plan;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * The Plan section: the policy controls on the left; on the right the plan's figures, its batches
 * on a time line beside the selected batch's details, and under them the headroom chart, the
 * explanations and the scenario comparison. Binds controls to {@link PlanViewModel} and forwards
 * clicks; the file choosers of the exports are the only thing it decides itself.
 */
public final class PlanView implements SectionView {
    private final PlanViewModel viewModel;
    private final GanttChart gantt = new GanttChart();
    private final HeadroomChart headroomChart = new HeadroomChart();
    private final Map<String, Label> swatches = new LinkedHashMap<>();
    private final VBox root;
    private boolean paletteQueued;

    public PlanView(PlanViewModel viewModel) {
        this.viewModel = viewModel;
        SplitPane right = new SplitPane(timelinePane(), tabs());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.46);
        SplitPane split = new SplitPane(policyPane(), right);
        split.setDividerPositions(0.2);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        VBox.setVgrow(split, Priority.ALWAYS);
        this.root = SectionPage.of(Section.PLAN, summaryRow(), split, swatches());
        // the description keeps its lines when the split below takes the height
        root.getChildren().stream().filter(n -> n.getStyleClass().contains(Styles.PAGE_TEXT))
                .forEach(n -> ((Region) n).setMinHeight(Region.USE_PREF_SIZE));
    }

    @Override
    public Node root() {
        return root;
    }

    // ------------------------------------------------------------ figures and exports

    private Node summaryRow() {
        HBox tiles = new HBox();
        tiles.setId(Styles.ID_PLAN_SUMMARY);
        tiles.getStyleClass().add(Styles.SUMMARY);
        Label window = tile(tiles, "Window used");
        Label surge = tile(tiles, "Surge cost");
        Label headroom = tile(tiles, "Least headroom");
        Label batches = tile(tiles, "Batches");
        Label violations = tile(tiles, "Predicted violations");
        Label risk = tile(tiles, "Risk");
        viewModel.planProperty().addListener((obs, old, p) -> {
            boolean none = p == null;
            Plan.Summary s = none ? null : p.summary();
            window.setText(none ? Formats.UNKNOWN : minutes(s.makespanMinutes()) + (s.windowFits() ? "" : " · not all fit"));
            surge.setText(none ? Formats.UNKNOWN : Formats.usd(s.surgeCostUsd()));
            headroom.setText(none ? Formats.UNKNOWN : String.format(Locale.ROOT, "%.1f %%", 100 * s.minHeadroomFraction()));
            batches.setText(none ? Formats.UNKNOWN : p.batches().size() + " · " + Formats.count(p.plannedHosts(), "host",
                    "hosts"));
            violations.setText(none ? Formats.UNKNOWN : String.valueOf(s.predictedViolations()));
            risk.setText(none ? Formats.UNKNOWN : String.format(Locale.ROOT, "%.2f", s.risk()));
            emphasise(window, !none && !s.windowFits());
            emphasise(violations, !none && s.predictedViolations() > 0);
        });

        Label status = new Label();
        status.setId(Styles.ID_PLAN_STATUS);
        status.getStyleClass().add(Styles.MUTED);
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());
        status.setMinWidth(120);
        status.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(18, 18);
        working.setMinSize(18, 18);
        working.visibleProperty().bind(viewModel.planningProperty().or(viewModel.improvingProperty()));
        working.managedProperty().bind(working.visibleProperty());

        Button json = new Button("Export plan._json…");
        json.setId(Styles.ID_PLAN_EXPORT_JSON);
        json.setTooltip(new Tooltip("The plan in the scenario format's plan.json shape, as \"headroom plan --out\" writes it"));
        json.setOnAction(e -> choose("JSON files (*.json)", "*.json", "json").ifPresent(viewModel::exportJson));
        Button csv = new Button("Export _CSV…");
        csv.setId(Styles.ID_PLAN_EXPORT_CSV);
        csv.setTooltip(new Tooltip("One row per host of each batch, then one per surge reservation, for spreadsheets"));
        csv.setOnAction(e -> choose("CSV files (*.csv)", "*.csv", "csv").ifPresent(viewModel::exportCsv));
        for (Button b : List.of(json, csv)) {
            b.setMnemonicParsing(true);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.disableProperty().bind(viewModel.planProperty().isNull());
        }
        VBox side = new VBox(6, new HBox(6, json, csv), new HBox(6, working, status));
        ((HBox) side.getChildren().get(1)).setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(side, Priority.ALWAYS);
        HBox row = new HBox(10, tiles, side);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Label tile(HBox tiles, String caption) {
        Label value = new Label(Formats.UNKNOWN);
        value.getStyleClass().add(Styles.TILE_VALUE);
        Label label = new Label(caption);
        label.getStyleClass().add(Styles.TILE_LABEL);
        VBox tile = new VBox(value, label);
        tile.getStyleClass().add(Styles.TILE);
        tile.setMinWidth(Region.USE_PREF_SIZE);
        tiles.getChildren().add(tile);
        return value;
    }

    private static void emphasise(Label value, boolean on) {
        List<String> classes = value.getParent().getStyleClass();
        classes.remove(Styles.LOAD_CRITICAL);
        if (on) {
            classes.add(Styles.LOAD_CRITICAL);
        }
    }

    private static String minutes(long m) {
        return m >= 60 ? (m / 60) + " h " + String.format(Locale.ROOT, "%02d", m % 60) + " min" : m + " min";
    }

    private java.util.Optional<java.nio.file.Path> choose(String description, String pattern, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the plan");
        chooser.setInitialFileName(viewModel.exportName(extension));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        return java.util.Optional.ofNullable(file).map(File::toPath);
    }

    // ------------------------------------------------------------ policy controls

    private Node policyPane() {
        PolicyForm f = viewModel.form();
        VBox box = new VBox();
        box.getStyleClass().add(Styles.PLAN_POLICY);
        box.getChildren().add(groupTitle("Capacity rule"));
        slider(box, "Safety margin", PolicyForm.SAFETY_MARGIN, f.safetyMarginProperty(), 0, 0.6, 0.01, PlanView::percent,
                "Capacity kept free on top of the forecast: a service may use at most 1 − margin (or its SLO, if lower)");
        slider(box, "Forecast quantile", PolicyForm.FORECAST_QUANTILE, f.forecastQuantileProperty(), 0.5, 0.99, 0.01,
                v -> String.format(Locale.ROOT, "%.2f", v),
                "Load the capacity rule must cover: 0.95 = the forecast's upper 95 % bound. Forecasts again when changed");
        slider(box, "Min healthy", PolicyForm.MIN_HEALTHY_FRACTION, f.minHealthyFractionProperty(), 0, 1, 0.05,
                PlanView::percent, "Share of each service's hosts that must stay in service (or its SLO's, if higher)");
        box.getChildren().add(groupTitle("Batches"));
        slider(box, "Max batch", PolicyForm.MAX_BATCH_FRACTION, f.maxBatchFractionProperty(), 0.05, 1, 0.05,
                PlanView::percent, "Largest share of a service's hosts in one batch");
        Slider regions = slider(box, "Regions at a time", PolicyForm.MAX_CONCURRENT_REGIONS,
                f.maxConcurrentRegionsProperty(), 1, 5, 1, v -> String.valueOf(Math.round(v)),
                "Regions updated at the same time");
        viewModel.problemProperty().addListener((obs, old, p) -> {
            if (p != null) {
                long n = p.hosts().stream().map(h -> h.region()).distinct().count();
                regions.setMax(Math.max(2, Math.max(n, Math.round(f.maxConcurrentRegionsProperty().get()))));
            }
        });
        slider(box, "Stabilisation", PolicyForm.STABILIZATION_MINUTES, f.stabilizationMinutesProperty(), 0, 120, 5,
                v -> Math.round(v) + " min", "Wait after a batch before its surge is released");
        box.getChildren().add(groupTitle("Priority (seed 001)"));
        slider(box, "Criticality weight", PolicyForm.CRITICALITY_WEIGHT, f.criticalityWeightProperty(), 0, 1, 0.05,
                v -> String.format(Locale.ROOT, "%.2f", v), "Higher: critical hosts go later");
        slider(box, "Capacity weight", PolicyForm.CAPACITY_WEIGHT, f.capacityWeightProperty(), 0, 1, 0.05,
                v -> String.format(Locale.ROOT, "%.2f", v), "Higher: hosts with spare capacity go first");
        box.getChildren().add(groupTitle("Surge"));
        CheckBox spot = new CheckBox("Spot instances allowed");
        spot.setId(Styles.planControlId(PolicyForm.SPOT_ALLOWED));
        spot.selectedProperty().bindBidirectional(f.spotAllowedProperty());
        spot.setTooltip(new Tooltip("Surge may use spot instances, cheaper but possibly taken back"));
        box.getChildren().add(spot);
        field(box, "Budget (USD)", PolicyForm.BUDGET_USD, f.budgetProperty(), "no cap",
                "Most the plan may spend on surge; empty for no cap. Press Enter to plan");
        box.getChildren().add(groupTitle("Window (UTC)"));
        field(box, "Start", PolicyForm.WINDOW_START, f.windowStartProperty(), "YYYY-MM-DD HH:mm",
                "When updates may start. Press Enter to forecast for the new window");
        field(box, "End", PolicyForm.WINDOW_END, f.windowEndProperty(), "YYYY-MM-DD HH:mm",
                "When every update must be done. Press Enter to forecast for the new window");
        box.getChildren().add(groupTitle("Objective (what a plan costs)"));
        slider(box, "Per hour of window", PolicyForm.OBJECTIVE_WINDOW_HOUR, f.windowHourWeightProperty(), 0, 50, 1,
                v -> String.format(Locale.ROOT, "%.0f", v), "Higher: shorter windows are worth more surge");
        slider(box, "Per dollar of surge", PolicyForm.OBJECTIVE_USD, f.usdWeightProperty(), 0, 10, 0.1,
                v -> String.format(Locale.ROOT, "%.1f", v), "Higher: less surge, longer windows");
        slider(box, "Per kWh of surge", PolicyForm.OBJECTIVE_KWH, f.kwhWeightProperty(), 0, 5, 0.1,
                v -> String.format(Locale.ROOT, "%.1f", v), "Energy the surge instances use");
        slider(box, "Per unit of risk", PolicyForm.OBJECTIVE_RISK, f.riskWeightProperty(), 0, 100, 1,
                v -> String.format(Locale.ROOT, "%.0f", v), "Risk: failed updates weighted by criticality, and spot "
                        + "instances that may be taken back");
        ScrollPane scroll = new ScrollPane(box);
        scroll.getStyleClass().add("plan-policy-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMinWidth(230);
        scroll.setPrefWidth(250);
        return scroll;
    }

    private static Label groupTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.PLAN_GROUP_TITLE);
        return l;
    }

    /**
     * A slider for {@code value}, with its value beside its name and its error under it. The slider
     * hands over whole steps only, so a drag re-plans when the value the policy keeps changes,
     * not for every pixel.
     */
    private Slider slider(VBox box, String name, String field, DoubleProperty value, double min, double max,
                          double step, DoubleFunction<String> format, String tip) {
        Slider slider = new Slider(min, max, value.get());
        slider.setId(Styles.planControlId(field));
        slider.setBlockIncrement(step);
        slider.setTooltip(new Tooltip(tip));
        slider.valueProperty().addListener((obs, old, v) -> {
            double snapped = Math.round(v.doubleValue() / step) * step;
            snapped = Math.round(snapped * 1000) / 1000.0;
            if (snapped != value.get()) {
                value.set(snapped);
            }
        });
        value.addListener((obs, old, v) -> {
            if (Math.abs(slider.getValue() - v.doubleValue()) >= step / 2) {
                slider.setValue(v.doubleValue());
            }
        });
        Label label = new Label(name);
        label.getStyleClass().add(Styles.PLAN_CONTROL_LABEL);
        label.setLabelFor(slider);
        Label shown = new Label();
        shown.getStyleClass().add(Styles.PLAN_CONTROL_VALUE);
        shown.textProperty().bind(Bindings.createStringBinding(() -> format.apply(value.get()), value));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox heading = new HBox(label, spacer, shown);
        box.getChildren().addAll(heading, slider, fieldError(field));
        return slider;
    }

    /** A text field that hands its text over on Enter or when it loses focus, so typing does not plan each key. */
    private void field(VBox box, String name, String field, StringProperty value, String prompt, String tip) {
        TextField text = new TextField(value.get());
        text.setId(Styles.planControlId(field));
        text.setPromptText(prompt);
        text.setTooltip(new Tooltip(tip));
        value.addListener((obs, old, v) -> text.setText(v));
        text.setOnAction(e -> value.set(text.getText()));
        text.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused && !text.getText().equals(value.get())) {
                value.set(text.getText());
            }
        });
        Label label = new Label(name);
        label.getStyleClass().add(Styles.PLAN_CONTROL_LABEL);
        label.setLabelFor(text);
        box.getChildren().addAll(label, text, fieldError(field));
    }

    private Label fieldError(String field) {
        Label error = error(viewModel.form().errorProperty(field));
        error.setId(Styles.planControlId(field) + "-error");
        return error;
    }

    private static Label error(ReadOnlyStringProperty error) {
        Label text = new Label();
        text.getStyleClass().add(Styles.FIELD_ERROR);
        text.setWrapText(true);
        text.textProperty().bind(error);
        text.visibleProperty().bind(error.isNotEmpty());
        text.managedProperty().bind(text.visibleProperty());
        return text;
    }

    private static String percent(double v) {
        return Math.round(100 * v) + " %";
    }

    // ------------------------------------------------------------ time line and batch details

    private Node timelinePane() {
        gantt.onSelect(i -> viewModel.selectedBatchProperty().set(i));
        viewModel.planProperty().addListener((obs, old, p) -> gantt.show(p, viewModel.problemProperty().get(),
                p == null ? "" : placeholder(p)));
        viewModel.selectedBatchProperty().addListener((obs, old, i) -> gantt.select(i));
        gantt.show(null, null, "Forecasting the services over the window…");
        ScrollPane scroll = new ScrollPane(gantt);
        scroll.getStyleClass().add("plan-gantt-scroll");
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        HBox.setHgrow(scroll, Priority.ALWAYS);
        StackPane frame = new StackPane(scroll);
        frame.getStyleClass().add(Styles.CHART_FRAME);
        HBox.setHgrow(frame, Priority.ALWAYS);
        HBox pane = new HBox(8, frame, batchDetails());
        pane.setMinHeight(120);
        return pane;
    }

    private static String placeholder(Plan p) {
        return p.unplanned().isEmpty()
                ? "No host needs an update: every host runs its release's version, or no release is known."
                : "No batch fits this policy; see the explanations below.";
    }

    private Node batchDetails() {
        Label title = new Label("No batch selected");
        title.getStyleClass().add(Styles.PLAN_DETAILS_TITLE);
        Label when = new Label();
        when.getStyleClass().add(Styles.MUTED);
        Label binding = new Label();
        binding.setWrapText(true);
        binding.setMinHeight(Region.USE_PREF_SIZE);
        VBox surge = new VBox(2);
        TableView<ReasonRow> hosts = new TableView<>();
        hosts.setId(Styles.ID_PLAN_BATCH_HOSTS);
        hosts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        hosts.setPlaceholder(new Label("Click a batch on the time line."));
        hosts.getColumns().setAll(List.of(column("Host", ReasonRow::host, 140), column("Service", ReasonRow::service, 90),
                column("Region", ReasonRow::region, 90)));
        hosts.setRowFactory(t -> reasonRow());
        VBox.setVgrow(hosts, Priority.ALWAYS);

        viewModel.batchDetailsProperty().addListener((obs, old, d) -> {
            title.setText(d == null ? "No batch selected" : d.title());
            when.setText(d == null ? "" : d.when());
            binding.setText(d == null ? "" : "Stopped growing at " + d.binding());
            surge.getChildren().clear();
            if (d != null) {
                if (d.reservations().isEmpty()) {
                    surge.getChildren().add(muted("No surge: the services keep their headroom without it."));
                }
                d.reservations().forEach(r -> surge.getChildren().add(wrapped("Surge · " + r)));
                d.migrations().forEach(m -> surge.getChildren().add(wrapped("Moves · " + m)));
            }
            hosts.getItems().setAll(d == null ? List.of() : d.hosts());
        });
        VBox box = new VBox(title, when, binding, surge, hosts);
        box.setId(Styles.ID_PLAN_BATCH_DETAILS);
        box.getStyleClass().add(Styles.PLAN_DETAILS);
        box.setPrefWidth(340);
        box.setMinWidth(260);
        box.setMaxWidth(380);
        return box;
    }

    private static Label muted(String text) {
        Label l = wrapped(text);
        l.getStyleClass().add(Styles.MUTED);
        return l;
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    // ------------------------------------------------------------ tabs: headroom, explanations, scenarios

    private Node tabs() {
        TabPane tabs = new TabPane(new Tab("Headroom", headroomPane()), new Tab("Explanations", explanationsPane()),
                new Tab("Scenarios", scenariosPane()));
        tabs.getTabs().get(2).textProperty().bind(Bindings.size(viewModel.scenarios()).asString("Scenarios (%d)"));
        // the store is shared with the command line: opening the tab shows scenarios saved there since
        tabs.getTabs().get(2).setOnSelectionChanged(e -> {
            if (tabs.getTabs().get(2).isSelected()) {
                viewModel.reloadScenarios();
            }
        });
        tabs.setId(Styles.ID_PLAN_TABS);
        tabs.getStyleClass().add(Styles.PAGE_TABS);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setMinHeight(160);
        return tabs;
    }

    private Node headroomPane() {
        ComboBox<String> service = new ComboBox<>(viewModel.services());
        service.setId(Styles.ID_PLAN_SERVICE);
        service.setVisibleRowCount(14);
        service.valueProperty().bindBidirectional(viewModel.serviceProperty());
        Label label = new Label("_Service");
        label.setMnemonicParsing(true);
        label.setLabelFor(service);
        Label hint = new Label("The capacity rule holds where the load band stays under the dashed usable line.");
        hint.getStyleClass().add(Styles.MUTED);
        HBox bar = new HBox(8, label, service, hint);
        bar.setAlignment(Pos.CENTER_LEFT);

        Node chartNode = headroomChart.node();
        chartNode.setId(Styles.ID_PLAN_HEADROOM_CHART);
        StackPane frame = new StackPane(chartNode);
        frame.getStyleClass().add(Styles.CHART_FRAME);
        VBox.setVgrow(frame, Priority.ALWAYS);
        viewModel.headroomProperty().addListener((obs, old, d) -> headroomChart.show(d));
        headroomChart.show(viewModel.headroomProperty().get());
        return new VBox(6, bar, frame);
    }

    private Node explanationsPane() {
        ListView<String> notes = new ListView<>(viewModel.notes());
        notes.setId(Styles.ID_PLAN_NOTES);
        notes.setPlaceholder(new Label("Nothing to note: every host fits, and no service is short with all hosts in."));
        notes.setCellFactory(l -> new ListCell<>() {
            {
                setWrapText(true);
                // wrap at the list's width instead of widening it to the longest note
                prefWidthProperty().bind(l.widthProperty().subtract(24));
            }

            @Override
            protected void updateItem(String note, boolean empty) {
                super.updateItem(note, empty);
                setText(empty ? null : note);
                getStyleClass().remove(Styles.PLAN_NOTE_WARNING);
                if (!empty && note != null && note.startsWith("The policy cannot fit")) {
                    getStyleClass().add(Styles.PLAN_NOTE_WARNING);
                }
            }
        });
        notes.setMinWidth(160);

        TextField filter = new TextField();
        filter.setPromptText("host, service, region, reason");
        TableView<ReasonRow> table = new TableView<>();
        table.setId(Styles.ID_PLAN_REASONS);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No host needs an update."));
        var filtered = viewModel.reasons().filtered(r -> true);
        filter.textProperty().addListener((obs, old, q) -> filtered.setPredicate(r -> r.matches(q)));
        table.setItems(filtered);
        TableColumn<ReasonRow, String> batch = column("Batch", r -> r.planned() ? String.valueOf(r.batch())
                : Formats.UNKNOWN, 55);
        TableColumn<ReasonRow, String> host = column("Host", ReasonRow::host, 150);
        TableColumn<ReasonRow, String> service = column("Service", ReasonRow::service, 90);
        TableColumn<ReasonRow, String> region = column("Region", ReasonRow::region, 95);
        host.setMinWidth(110);
        batch.setMinWidth(50);
        service.setMinWidth(70);
        region.setMinWidth(80);
        table.getColumns().setAll(List.of(host, batch, service, region, column("Why", ReasonRow::reason, 300)));
        table.setRowFactory(t -> reasonRow());
        Label unplanned = new Label();
        unplanned.getStyleClass().add(Styles.FIELD_ERROR);
        unplanned.textProperty().bind(Bindings.createStringBinding(() -> viewModel.unplanned().isEmpty() ? ""
                : Formats.count(viewModel.unplanned().size(), "host cannot", "hosts cannot")
                + " be planned under this policy; their rows say why and which knob would help.", viewModel.unplanned()));
        unplanned.visibleProperty().bind(unplanned.textProperty().isNotEmpty());
        unplanned.managedProperty().bind(unplanned.visibleProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("Why each host is where it is"), filter);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label notesTitle = new Label("Notes on the whole plan");
        VBox.setVgrow(notes, Priority.ALWAYS);
        SplitPane split = new SplitPane(new VBox(6, notesTitle, notes), new VBox(6, unplanned, bar, table));
        split.setDividerPositions(0.32);
        return split;
    }

    private Node scenariosPane() {
        TextField name = new TextField();
        name.setId(Styles.ID_PLAN_SCENARIO_NAME);
        name.setPromptText("name, e.g. no-spot");
        name.setPrefColumnCount(14);
        name.textProperty().bindBidirectional(viewModel.scenarioNameProperty());
        Button save = new Button("Save as scenario");
        save.setId(Styles.ID_PLAN_SCENARIO_SAVE);
        save.setTooltip(new Tooltip("Store the policy and plan on screen under this name, to compare; "
                + "\"headroom scenarios\" on the command line sees it too"));
        save.disableProperty().bind(viewModel.planProperty().isNull());
        save.setOnAction(e -> viewModel.saveScenario());
        name.setOnAction(e -> viewModel.saveScenario());

        TableView<ComparisonRow> table = new TableView<>(viewModel.comparison());
        table.setId(Styles.ID_PLAN_COMPARISON);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No plan yet."));
        table.getColumns().setAll(List.of(column("Scenario", ComparisonRow::name, 150),
                numeric("Window", known(r -> minutes(r.windowMinutes())), 90),
                numeric("Surge cost", known(r -> Formats.usd(r.surgeCostUsd())), 90),
                numeric("Least headroom", known(r -> String.format(Locale.ROOT, "%.1f %%",
                        100 * r.minHeadroomFraction())), 110),
                numeric("Batches", known(r -> String.valueOf(r.batches())), 70),
                numeric("Risk", known(r -> String.format(Locale.ROOT, "%.2f", r.risk())), 60),
                column("Fits window", known(r -> r.windowFits() ? "yes" : "no, " + r.unplanned() + " left out"), 110),
                numeric("Violations", known(r -> String.valueOf(r.predictedViolations())), 80),
                column("Planner", ComparisonRow::solver, 90),
                column("Note", ComparisonRow::note, 300)));
        table.setRowFactory(t -> comparisonRow());
        VBox.setVgrow(table, Priority.ALWAYS);

        var selected = table.getSelectionModel().selectedItemProperty();
        var noScenario = Bindings.createBooleanBinding(() -> selected.get() == null || selected.get().scenario() == null,
                selected);
        Button load = actionButton("Load", "Put its policy into the controls and plan it again", noScenario,
                () -> viewModel.loadScenario(selected.get().scenario()));
        Button replace = actionButton("Replace", "Store the plan on screen under its name instead", noScenario,
                () -> viewModel.replaceScenario(selected.get().scenario()));
        Button copy = actionButton("Clone", "A stored copy to edit, named as typed or \"…-copy\"", noScenario,
                () -> viewModel.cloneScenario(selected.get().scenario()));
        Button rename = actionButton("Rename", "Rename it to the name typed", noScenario,
                () -> viewModel.renameScenario(selected.get().scenario()));
        Button delete = actionButton("Delete", "Delete it from the store", noScenario,
                () -> viewModel.deleteScenario(selected.get().scenario()));
        Label stored = new Label("Stored with the account");
        stored.setTooltip(new Tooltip("The command line lists the same scenarios: headroom scenarios list"));
        stored.getStyleClass().add(Styles.MUTED);
        stored.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, name, save, spacer, load, replace, copy, rename, delete, stored);
        bar.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, bar, error(viewModel.scenarioErrorProperty()), table);
    }

    private static Button actionButton(String text, String tip, javafx.beans.binding.BooleanBinding disabled,
                                       Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.disableProperty().bind(disabled);
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    /** A figure, or a dash when the scenario's figures are unknown (its stored plan cannot be read). */
    private static Function<ComparisonRow, String> known(Function<ComparisonRow, String> figure) {
        return r -> r.known() ? figure.apply(r) : "—";
    }

    /** A stored scenario whose plan no longer fits the fleet is muted, and its tooltip says why. */
    private static TableRow<ComparisonRow> comparisonRow() {
        return new TableRow<>() {
            @Override
            protected void updateItem(ComparisonRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove(Styles.PLAN_SCENARIO_STALE);
                boolean stale = !empty && row != null && row.scenario() != null && row.scenario().stale();
                setTooltip(stale ? wrappedTip(row.scenario().mismatch() + (row.known() ? " The figures are those it "
                        + "was stored with." : "") + " Press Load to plan its policy on today's fleet, then Replace "
                        + "to store the new plan.") : null);
                if (stale) {
                    getStyleClass().add(Styles.PLAN_SCENARIO_STALE);
                }
            }
        };
    }

    private static TableRow<ReasonRow> reasonRow() {
        return new TableRow<>() {
            @Override
            protected void updateItem(ReasonRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null || row.reason().isEmpty() ? null : wrappedTip(row.reason()));
                getStyleClass().remove(Styles.PLAN_UNPLANNED);
                if (!empty && row != null && !row.planned()) {
                    getStyleClass().add(Styles.PLAN_UNPLANNED);
                }
            }
        };
    }

    private static Tooltip wrappedTip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(520);
        return t;
    }

    private static <T> TableColumn<T, String> column(String header, Function<T, String> text, double width) {
        TableColumn<T, String> c = new TableColumn<>(header);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static <T> TableColumn<T, String> numeric(String header, Function<T, String> text, double width) {
        TableColumn<T, String> c = column(header, text, width);
        c.setCellFactory(col -> new TableCell<>() {
            {
                getStyleClass().add(Styles.NUMERIC);
                setAlignment(Pos.CENTER_RIGHT);
            }

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? null : value);
            }
        });
        return c;
    }

    // ------------------------------------------------------------ theme colours for the chart

    /** Invisible labels that take the chart's colours from the theme, as on the Forecasts page. */
    private Node swatches() {
        Pane pane = new Pane();
        for (String name : PlanPalette.SWATCHES) {
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
            headroomChart.applyPalette(new PlanPalette(colour("surface"), colour("text"), colour("muted"),
                    colour("grid"), colour("forecast"), colour("band80"), colour("capacity"), colour("surge"),
                    colour("out")));
        });
    }

    private java.awt.Color colour(String swatch) {
        Paint fill = swatches.get(swatch).getTextFill();
        return PlanPalette.awt(fill instanceof Color c ? c : Color.GRAY);
    }
}
