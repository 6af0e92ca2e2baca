package dev.headroom.ui.forecast;

import dev.headroom.domain.ScheduledEvent;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Styles;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * The Events panel of the Forecasts page: the account's scheduled events, Remove and Import
 * calendar above them, and the form that adds one below. Binds controls to {@link EventsViewModel}.
 */
final class EventsView {
    private final EventsViewModel viewModel;
    private final VBox root;
    /** The folder of the last imported calendar, where the next file chooser opens. */
    private File lastFolder;

    EventsView(EventsViewModel viewModel) {
        this.viewModel = viewModel;
        TableView<EventRow> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        this.root = new VBox(6, actions(table), table, form());
        root.setMinWidth(330);
    }

    Node root() {
        return root;
    }

    private Node actions(TableView<EventRow> table) {
        Label summary = new Label();
        summary.setWrapText(true);
        summary.getStyleClass().add(Styles.MUTED);
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(summary, Priority.ALWAYS);

        Button remove = new Button("_Remove");
        remove.setId(Styles.ID_EVENT_REMOVE);
        remove.setTooltip(new Tooltip("Remove the selected event and forecast again"));
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(viewModel.busyProperty()));
        remove.setOnAction(e -> viewModel.remove(table.getSelectionModel().getSelectedItem()));

        Button importCalendar = new Button("_Import calendar…");
        importCalendar.setId(Styles.ID_EVENT_IMPORT);
        importCalendar.setTooltip(new Tooltip("Add the events of an iCalendar (.ics) file, e.g. an exported "
                + "marketing or release calendar"));
        importCalendar.disableProperty().bind(viewModel.busyProperty());
        importCalendar.setOnAction(e -> chooseCalendar());

        HBox bar = new HBox(8, summary, remove, importCalendar);
        remove.setMinWidth(Region.USE_PREF_SIZE);
        importCalendar.setMinWidth(Region.USE_PREF_SIZE);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void chooseCalendar() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import an iCalendar file");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("iCalendar files (*.ics)", "*.ics"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File file = chooser.showOpenDialog(root.getScene().getWindow());
        if (file != null) {
            lastFolder = file.getParentFile();
            viewModel.importCalendar(file.toPath());
        }
    }

    private TableView<EventRow> table() {
        TableView<EventRow> table = new TableView<>(viewModel.events());
        table.setId(Styles.ID_EVENTS_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No scheduled events yet."));
        // times and factors keep their width; name and scope give way and show in full in the row's tooltip
        TableColumn<EventRow, String> name = column("Name", EventRow::name, 150, 80);
        TableColumn<EventRow, String> start = column("Start (UTC)", r -> Formats.utcMinute(r.event().start()), 132, 132);
        TableColumn<EventRow, String> end = column("End (UTC)", EventRow::endText, 95, 95);
        TableColumn<EventRow, String> scope = column("Scope", r -> r.event().scope(), 110, 60);
        TableColumn<EventRow, String> load = column("Load", r -> Formats.factor(r.event().loadFactor()), 50, 50);
        load.getStyleClass().add(Styles.NUMERIC);
        TableColumn<EventRow, String> when = column("When", r -> r.timing().toString(), 80, 80);
        table.getColumns().setAll(List.of(name, start, end, scope, load, when));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(EventRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : new Tooltip(row.describe()));
            }
        });
        return table;
    }

    private static TableColumn<EventRow, String> column(String header, Function<EventRow, String> text, double width,
                                                        double minWidth) {
        TableColumn<EventRow, String> c = new TableColumn<>(header);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(minWidth);
        return c;
    }

    private Node form() {
        TextField name = new TextField();
        name.setId(Styles.ID_EVENT_NAME);
        name.setPromptText("e.g. Black Friday sale");
        name.setPrefColumnCount(10);
        name.textProperty().bindBidirectional(viewModel.nameProperty());

        ComboBox<String> scope = new ComboBox<>(viewModel.scopes());
        scope.setId(Styles.ID_EVENT_SCOPE);
        scope.setVisibleRowCount(12);
        scope.setMaxWidth(Double.MAX_VALUE);
        scope.setConverter(new StringConverter<>() {
            @Override
            public String toString(String value) {
                return ScheduledEvent.ALL.equals(value) ? "* (whole account)" : value;
            }

            @Override
            public String fromString(String text) {
                throw new UnsupportedOperationException("scopes are chosen, not typed");
            }
        });
        scope.valueProperty().bindBidirectional(viewModel.scopeProperty());
        scope.setTooltip(new Tooltip("The service or region whose load the event changes"));

        DatePicker startDate = datePicker(Styles.ID_EVENT_START_DATE);
        startDate.valueProperty().bindBidirectional(viewModel.startDateProperty());
        TextField startTime = timeField(Styles.ID_EVENT_START_TIME);
        startTime.textProperty().bindBidirectional(viewModel.startTimeProperty());
        DatePicker endDate = datePicker(Styles.ID_EVENT_END_DATE);
        endDate.valueProperty().bindBidirectional(viewModel.endDateProperty());
        TextField endTime = timeField(Styles.ID_EVENT_END_TIME);
        endTime.textProperty().bindBidirectional(viewModel.endTimeProperty());

        TextField factor = new TextField();
        factor.setId(Styles.ID_EVENT_LOAD_FACTOR);
        factor.setPrefColumnCount(4);
        factor.textProperty().bindBidirectional(viewModel.loadFactorProperty());
        Label factorHint = new Label("1.4 = 40 % more load");
        factorHint.getStyleClass().add(Styles.MUTED);

        Button add = new Button("_Add event");
        add.setId(Styles.ID_EVENT_ADD);
        add.disableProperty().bind(viewModel.busyProperty());
        add.setOnAction(e -> viewModel.add());
        add.setMinWidth(Region.USE_PREF_SIZE);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints label = new ColumnConstraints();
        label.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints field = new ColumnConstraints();
        field.setHgrow(Priority.ALWAYS);
        field.setFillWidth(true);
        grid.getColumnConstraints().setAll(label, field, label, field);

        grid.addRow(0, formLabel("_Name", name), withError(name, viewModel.nameErrorProperty()),
                formLabel("S_cope", scope), scope);
        grid.addRow(1, formLabel("_Start", startDate),
                withError(new HBox(6, startDate, startTime), viewModel.startErrorProperty()),
                formLabel("En_d", endDate), withError(new HBox(6, endDate, endTime), viewModel.endErrorProperty()));
        HBox factorRow = new HBox(8, factor, factorHint);
        factorRow.setAlignment(Pos.CENTER_LEFT);
        HBox addRow = new HBox(add);
        addRow.setAlignment(Pos.TOP_RIGHT);
        grid.addRow(2, formLabel("_Load factor", factor), withError(factorRow, viewModel.loadFactorErrorProperty()));
        grid.add(addRow, 2, 2, 2, 1);
        for (Node n : grid.getChildren()) {
            GridPane.setValignment(n, VPos.TOP);
        }

        Label title = new Label("New event");
        title.getStyleClass().add(Styles.EVENT_FORM_TITLE);
        VBox box = new VBox(6, title, grid);
        box.getStyleClass().add(Styles.EVENT_FORM);
        return box;
    }

    /** The field with its error text under it, shown only while there is one. */
    private static Node withError(Node field, ReadOnlyStringProperty error) {
        Label text = new Label();
        text.getStyleClass().add(Styles.FIELD_ERROR);
        text.setWrapText(true);
        text.textProperty().bind(error);
        text.visibleProperty().bind(error.isNotEmpty());
        text.managedProperty().bind(text.visibleProperty());
        return new VBox(2, field, text);
    }

    private static Label formLabel(String text, Node target) {
        Label label = new Label(text);
        label.setLabelFor(target);
        label.setMnemonicParsing(true);
        // aligned with the field's text, not with an error under it
        label.setMinHeight(26);
        return label;
    }

    /** Dates are typed and shown as YYYY-MM-DD, whatever the machine's locale, like every date of the console. */
    private static DatePicker datePicker(String id) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setPromptText("YYYY-MM-DD");
        picker.setPrefWidth(128);
        picker.setMinWidth(Region.USE_PREF_SIZE);
        picker.setConverter(new StringConverter<>() {
            @Override
            public String toString(LocalDate date) {
                return date == null ? "" : date.toString();
            }

            @Override
            public LocalDate fromString(String text) {
                try {
                    return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
                } catch (DateTimeParseException e) {
                    // the view model then asks for a date in this format
                    return null;
                }
            }
        });
        return picker;
    }

    private static TextField timeField(String id) {
        TextField time = new TextField();
        time.setId(id);
        time.setPromptText("HH:mm");
        time.setPrefColumnCount(4);
        time.setMinWidth(Region.USE_PREF_SIZE);
        time.setTooltip(new Tooltip("Time of day in UTC, 24-hour clock"));
        return time;
    }
}
