package dev.headroom.ui.forecast;

import dev.headroom.domain.Metric;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.ui.common.LoadCell;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
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
import javafx.util.StringConverter;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Forecasts section: on the left the hosts' load scores for a window and, in a second tab,
 * the account's scheduled events; on the right the chart of the chosen host, service or fleet.
 * Binds controls to {@link ForecastViewModel} and {@link EventsViewModel}.
 */
public final class ForecastView implements SectionView {
    private static final DateTimeFormatter PEAK_TIME =
            DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The sandbox's clock may run an hour per minute: new samples arrive every few seconds. */
    private static final Duration ACTUALS_EVERY = Duration.seconds(15);
    private static final String[] SWATCHES = {"surface", "text", "muted", "grid", "history", "forecast",
        "band-inner", "band-outer", "actual", "now"};

    private final ForecastViewModel viewModel;
    private final EventsViewModel events;
    private final ForecastChart chart = new ForecastChart();
    private final TabPane tabs = new TabPane();
    private final Tab scoresTab = new Tab("Load scores");
    private final TextField filter = new TextField() {
        @Override
        public void requestFocus() {
            // Ctrl+F must reach the filter even while the Events tab is in front
            tabs.getSelectionModel().select(scoresTab);
            super.requestFocus();
        }
    };
    private final Map<String, Label> swatches = new LinkedHashMap<>();
    private final VBox root;
    private boolean paletteQueued;

    public ForecastView(ForecastViewModel viewModel, EventsViewModel events) {
        this.viewModel = viewModel;
        this.events = events;
        SplitPane split = new SplitPane(tabs(), chartPane());
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);
        this.root = SectionPage.of(Section.FORECASTS, toolbar(), split, swatches());
        // Re-reading is worth it only while the page is on screen: it leaves the scene when another
        // section is shown, and its scene leaves the window when the console closes (or, in tests,
        // when the next console takes over the stage), after which background work is refused.
        Timeline actuals = new Timeline(new KeyFrame(ACTUALS_EVERY, e -> viewModel.updateActuals()));
        actuals.setCycleCount(Animation.INDEFINITE);
        ObservableValue<Boolean> onScreen = root.sceneProperty().flatMap(Scene::windowProperty)
                .flatMap(Window::showingProperty).orElse(false);
        onScreen.addListener((obs, was, shown) -> {
            if (shown) {
                actuals.play();
            } else {
                actuals.stop();
            }
        });
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<Node> searchField() {
        return Optional.of(filter);
    }

    private Node toolbar() {
        ToggleGroup kinds = new ToggleGroup();
        HBox kindButtons = new HBox();
        kindButtons.getStyleClass().add(Styles.SUBJECT_KINDS);
        for (SubjectKind kind : SubjectKind.values()) {
            ToggleButton button = new ToggleButton(kind.toString());
            button.setUserData(kind);
            button.setToggleGroup(kinds);
            kindButtons.getChildren().add(button);
        }
        selectToggle(kinds, viewModel.subjectKindProperty().get());
        kinds.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                // a toggle group lets the selected button be clicked off; one kind is always chosen
                kinds.selectToggle(old);
            } else {
                viewModel.subjectKindProperty().set((SubjectKind) now.getUserData());
            }
        });
        viewModel.subjectKindProperty().addListener((obs, old, kind) -> selectToggle(kinds, kind));

        ComboBox<String> subject = new ComboBox<>(viewModel.subjects());
        subject.setId(Styles.ID_FORECAST_SUBJECT);
        subject.setVisibleRowCount(16);
        subject.setPrefWidth(230);
        subject.valueProperty().bindBidirectional(viewModel.subjectProperty());
        subject.disableProperty().bind(viewModel.subjectKindProperty().isEqualTo(SubjectKind.FLEET));

        ChoiceBox<Metric> metric = new ChoiceBox<>();
        metric.getItems().setAll(Metric.values());
        metric.setConverter(converter(Metric::label));
        metric.valueProperty().bindBidirectional(viewModel.metricProperty());
        Label metricLabel = mnemonicLabel("_Metric", metric);

        ChoiceBox<Horizon> horizon = new ChoiceBox<>();
        horizon.getItems().setAll(Horizon.values());
        horizon.valueProperty().bindBidirectional(viewModel.horizonProperty());
        horizon.setTooltip(new Tooltip("How far ahead the fleet is forecast"));
        Label horizonLabel = mnemonicLabel("Hori_zon", horizon);

        ChoiceBox<IntervalLevels> levels = new ChoiceBox<>();
        levels.setId(Styles.ID_FORECAST_LEVELS);
        levels.getItems().setAll(ForecastViewModel.LEVEL_CHOICES);
        levels.setConverter(converter(IntervalLevels::toString));
        levels.valueProperty().bindBidirectional(viewModel.levelsProperty());
        levels.setTooltip(new Tooltip("Levels of the inner and outer prediction interval; the fleet is forecast "
                + "again for new levels"));
        Label levelsLabel = mnemonicLabel("In_tervals", levels);

        CheckBox longHistory = new CheckBox("14 days of histor_y");
        longHistory.setMnemonicParsing(true);
        longHistory.selectedProperty().bindBidirectional(viewModel.longHistoryProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button refresh = new Button("Refres_h");
        refresh.setTooltip(new Tooltip("Forecast the fleet again from the account's clock"));
        refresh.setOnAction(e -> {
            viewModel.refresh();
            // the clock moved on, so an event may have become ongoing or past
            events.load();
        });

        HBox bar = new HBox(10, kindButtons, subject, metricLabel, metric, horizonLabel, horizon, levelsLabel, levels,
                longHistory, spacer, refresh);
        for (Node n : bar.getChildren()) {
            if (n instanceof Region r && n != spacer && n != subject) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        kindButtons.getChildren().forEach(b -> ((Region) b).setMinWidth(Region.USE_PREF_SIZE));
        subject.setMinWidth(140);
        bar.getStyleClass().add(Styles.TOOLBAR);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static void selectToggle(ToggleGroup group, SubjectKind kind) {
        for (Toggle t : group.getToggles()) {
            if (t.getUserData() == kind) {
                group.selectToggle(t);
            }
        }
    }

    private Node tabs() {
        scoresTab.setContent(scoresPane());
        Tab eventsTab = new Tab();
        eventsTab.textProperty().bind(Bindings.size(events.events()).asString("Events (%d)"));
        eventsTab.setTooltip(new Tooltip("Campaigns, sales and releases that shift the forecast over their span"));
        eventsTab.setContent(new EventsView(events).root());
        tabs.setId(Styles.ID_FORECAST_TABS);
        tabs.getStyleClass().add(Styles.PAGE_TABS);
        tabs.getTabs().setAll(scoresTab, eventsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setMinWidth(330);
        return tabs;
    }

    private Node scoresPane() {
        ChoiceBox<ScoreWindow> window = new ChoiceBox<>(viewModel.windows());
        window.valueProperty().bindBidirectional(viewModel.windowProperty());
        Label windowLabel = mnemonicLabel("_Window", window);
        filter.setId(Styles.ID_SCORE_FILTER);
        filter.setPromptText("host, service, region");
        filter.setTooltip(new Tooltip("Every word must match (Ctrl+F)"));
        filter.textProperty().bindBidirectional(viewModel.filterTextProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox controls = new HBox(8, windowLabel, window, filter);
        controls.setAlignment(Pos.CENTER_LEFT);

        Label forecastText = new Label();
        forecastText.setWrapText(true);
        forecastText.getStyleClass().add(Styles.MUTED);
        forecastText.textProperty().bind(viewModel.forecastTextProperty());
        Label windowText = new Label();
        windowText.setWrapText(true);
        windowText.getStyleClass().add(Styles.MUTED);
        windowText.textProperty().bind(viewModel.windowTextProperty());

        TableView<ScoreRow> table = scoresTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox pane = new VBox(6, controls, forecastText, windowText, table);
        pane.setMinWidth(330);
        return pane;
    }

    private TableView<ScoreRow> scoresTable() {
        TableView<ScoreRow> table = new TableView<>(viewModel.scoreRows());
        table.setId(Styles.ID_SCORES_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No host matches the search, or the fleet is still being forecast."));
        viewModel.scoreRows().comparatorProperty().bind(table.comparatorProperty());

        TableColumn<ScoreRow, String> host = new TableColumn<>("Host");
        host.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().hostId()));
        // wide enough for the sandbox's longest names, e.g. apse1-recommendationservice-05
        host.setPrefWidth(205);
        TableColumn<ScoreRow, Number> load = number("Load score", ScoreRow::loadScore);
        load.setCellFactory(c -> LoadCell.score());
        load.setPrefWidth(92);
        load.setMinWidth(92);
        TableColumn<ScoreRow, Number> capacity = number("Capacity", ScoreRow::capacity);
        capacity.setCellFactory(c -> new NumberCell());
        capacity.setPrefWidth(70);
        capacity.setMinWidth(70);
        TableColumn<ScoreRow, Number> critical = number("Criticality", ScoreRow::criticalityScore);
        critical.setCellFactory(c -> new NumberCell());
        critical.setPrefWidth(80);
        critical.setMinWidth(80);
        TableColumn<ScoreRow, String> peak = new TableColumn<>("Peak");
        peak.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(peakText(c.getValue())));
        peak.setPrefWidth(125);
        peak.setMinWidth(105);
        table.getColumns().setAll(List.of(host, load, capacity, critical, peak));

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> viewModel.select(row));
        return table;
    }

    private static TableColumn<ScoreRow, Number> number(String header, ToDoubleFunction<ScoreRow> value) {
        TableColumn<ScoreRow, Number> c = new TableColumn<>(header);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.applyAsDouble(cell.getValue())));
        return c;
    }

    /** "cpu Sun 19:35": which resource peaks when, so a high score can be told apart from a busy disk. */
    private static String peakText(ScoreRow row) {
        return row.peakMetric() == null ? Formats.UNKNOWN : row.peakMetric().label() + " " + PEAK_TIME.format(row.peakAt());
    }

    private Node chartPane() {
        Label model = new Label();
        model.setId(Styles.ID_FORECAST_MODEL);
        model.getStyleClass().add(Styles.MUTED);
        model.textProperty().bind(viewModel.modelTextProperty());
        model.visibleProperty().bind(viewModel.modelTextProperty().isNotEmpty());
        model.managedProperty().bind(model.visibleProperty());

        Label reason = new Label();
        reason.setId(Styles.ID_FORECAST_REASON);
        reason.setWrapText(true);
        reason.getStyleClass().add(Styles.FORECAST_REASON);
        reason.textProperty().bind(viewModel.reasonTextProperty());

        Node chartNode = chart.node();
        chartNode.setId(Styles.ID_FORECAST_CHART);
        Label empty = new Label("Forecasting the fleet…");
        empty.getStyleClass().add(Styles.MUTED);
        StackPane frame = new StackPane(chartNode, empty);
        frame.getStyleClass().add(Styles.CHART_FRAME);
        VBox.setVgrow(frame, Priority.ALWAYS);

        viewModel.chartProperty().addListener((obs, old, data) -> {
            chart.show(data);
            boolean drawable = data != null && data.drawable();
            chartNode.setVisible(drawable);
            empty.setVisible(!drawable);
        });
        chartNode.setVisible(false);
        // the reason replaces an empty chart, and sits above a chart that shows history without a forecast
        reason.visibleProperty().bind(viewModel.reasonTextProperty().isNotEmpty().and(empty.visibleProperty().not()));
        reason.managedProperty().bind(reason.visibleProperty());
        empty.textProperty().bind(Bindings.when(viewModel.reasonTextProperty().isEmpty())
                .then("Forecasting the fleet…").otherwise(viewModel.reasonTextProperty()));
        empty.setWrapText(true);

        VBox pane = new VBox(6, model, reason, frame);
        pane.setMinWidth(400);
        return pane;
    }

    /**
     * Invisible labels that take one theme colour each from the stylesheet, so that the chart,
     * which paints with AWT colours, follows the light and dark theme.
     */
    private Node swatches() {
        Pane pane = new Pane();
        for (String name : SWATCHES) {
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

    /** A theme switch changes all swatches in one CSS pass; the chart is repainted once after it. */
    private void queuePalette() {
        if (paletteQueued) {
            return;
        }
        paletteQueued = true;
        Platform.runLater(() -> {
            paletteQueued = false;
            chart.applyPalette(new ChartPalette(colour("surface"), colour("text"), colour("muted"), colour("grid"),
                    colour("history"), colour("forecast"), colour("band-inner"), colour("band-outer"), colour("actual"),
                    colour("now")));
        });
    }

    private java.awt.Color colour(String swatch) {
        Paint fill = swatches.get(swatch).getTextFill();
        return ChartPalette.awt(fill instanceof Color c ? c : Color.GRAY);
    }

    private static Label mnemonicLabel(String text, Node target) {
        Label label = new Label(text);
        label.setLabelFor(target);
        label.setMnemonicParsing(true);
        return label;
    }

    private static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("choices are not typed in");
            }
        };
    }

    /** A whole number 0–100 (capacity, criticality score), or "—" when unknown. */
    private static final class NumberCell extends TableCell<ScoreRow, Number> {
        NumberCell() {
            getStyleClass().add(Styles.NUMERIC);
            setAlignment(Pos.CENTER_RIGHT);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null ? null
                    : Double.isNaN(value.doubleValue()) ? Formats.UNKNOWN : String.format(Locale.ROOT, "%.0f", value.doubleValue()));
        }
    }
}
