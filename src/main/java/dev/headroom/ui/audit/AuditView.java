package dev.headroom.ui.audit;

import dev.headroom.audit.AuditExport;
import dev.headroom.audit.AuditRecord;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Audit section: filters, the chain's verification and exports above the table of records.
 * Binds controls to {@link AuditViewModel}; the file choosers and the clipboard are its own.
 */
public final class AuditView implements SectionView {
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final int SHORT_HASH = 12;

    private final AuditViewModel viewModel;
    private final TextField search = new TextField();
    private final VBox root;

    public AuditView(AuditViewModel viewModel) {
        this.viewModel = viewModel;
        TableView<AuditRecord> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        this.root = SectionPage.of(Section.AUDIT, filters(), verifyRow(), table);
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<Node> searchField() {
        return Optional.of(search);
    }

    // ------------------------------------------------------------ filters and exports

    private Node filters() {
        ChoiceBox<String> kind = choice(Styles.ID_AUDIT_KIND, viewModel.kinds());
        kind.valueProperty().bindBidirectional(viewModel.kindProperty());
        ChoiceBox<String> account = choice(Styles.ID_AUDIT_ACCOUNT, viewModel.accounts());
        account.valueProperty().bindBidirectional(viewModel.accountProperty());
        ChoiceBox<String> actor = choice(Styles.ID_AUDIT_ACTOR, viewModel.actors());
        actor.valueProperty().bindBidirectional(viewModel.actorProperty());

        search.setId(Styles.ID_AUDIT_TEXT);
        search.setPromptText("subject or detail");
        search.setPrefColumnCount(16);
        search.setTooltip(new Tooltip("Every word must occur in the subject or the detail (Ctrl+F)"));
        search.textProperty().bindBidirectional(viewModel.textProperty());

        TextField from = timeField(Styles.ID_AUDIT_FROM, "From (UTC)");
        from.textProperty().bindBidirectional(viewModel.fromProperty());
        TextField to = timeField(Styles.ID_AUDIT_TO, "To (UTC)");
        to.textProperty().bindBidirectional(viewModel.toProperty());

        Button clear = new Button("C_lear");
        clear.setTooltip(new Tooltip("Show every record again"));
        clear.setOnAction(e -> viewModel.clearFilters());

        clear.setMnemonicParsing(true);
        clear.setMinWidth(Region.USE_PREF_SIZE);

        HBox bar = new HBox(8, label("_Kind", kind), kind, label("A_ccount", account), account,
                label("Ac_tor", actor), actor, label("_Search", search), search, label("_From", from), from,
                label("T_o", to), to, clear);
        bar.getStyleClass().add(Styles.TOOLBAR);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label timeError = errorLabel(Styles.ID_AUDIT_TIME_ERROR, viewModel.timeErrorProperty());
        return new VBox(4, bar, timeError);
    }

    private static ChoiceBox<String> choice(String id, javafx.collections.ObservableList<String> items) {
        ChoiceBox<String> c = new ChoiceBox<>(items);
        c.setId(id);
        return c;
    }

    private static TextField timeField(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(10);
        f.setTooltip(new Tooltip("A UTC time as 2026-11-22 18:00, or a day as 2026-11-22; empty for no limit"));
        return f;
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setLabelFor(target);
        l.setMnemonicParsing(true);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label errorLabel(String id, ReadOnlyStringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(Styles.FIELD_ERROR);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private Optional<Path> choose(AuditExport.Format format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the audit records shown");
        chooser.setInitialFileName(viewModel.exportName(format));
        chooser.getExtensionFilters().add(format == AuditExport.Format.csv
                ? new FileChooser.ExtensionFilter("CSV files (*.csv)", "*.csv")
                : new FileChooser.ExtensionFilter("JSON lines (*.jsonl)", "*.jsonl", "*.json"));
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        return Optional.ofNullable(file).map(File::toPath);
    }

    // ------------------------------------------------------------ verification

    private Node verifyRow() {
        TextField checkpoint = new TextField();
        checkpoint.setId(Styles.ID_AUDIT_CHECKPOINT);
        checkpoint.setPromptText("optional checkpoint SEQ:HASH noted earlier");
        checkpoint.setPrefColumnCount(30);
        checkpoint.setTooltip(new Tooltip("A head printed by an earlier verification: it must still be in the log, "
                + "unchanged, which shows that no records were removed from the end"));
        checkpoint.textProperty().bindBidirectional(viewModel.checkpointProperty());
        Button verify = new Button("_Verify chain");
        verify.setId(Styles.ID_AUDIT_VERIFY);
        verify.setMnemonicParsing(true);
        verify.setMinWidth(Region.USE_PREF_SIZE);
        verify.setTooltip(new Tooltip("Check every record's hash and link, from record 1, as \"headroom audit verify\""));
        verify.disableProperty().bind(viewModel.verifyingProperty());
        verify.setOnAction(e -> viewModel.verify());
        checkpoint.setOnAction(e -> viewModel.verify());
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(18, 18);
        working.setMinSize(18, 18);
        working.visibleProperty().bind(viewModel.verifyingProperty());
        working.managedProperty().bind(working.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label count = new Label();
        count.setId(Styles.ID_AUDIT_COUNT);
        count.getStyleClass().add(Styles.MUTED);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.textProperty().bind(viewModel.rowCountTextProperty());
        ProgressIndicator reading = new ProgressIndicator();
        reading.setPrefSize(18, 18);
        reading.setMinSize(18, 18);
        reading.visibleProperty().bind(viewModel.loadingProperty());
        reading.managedProperty().bind(reading.visibleProperty());
        Button refresh = new Button("Refres_h");
        refresh.setId(Styles.ID_AUDIT_REFRESH);
        refresh.setTooltip(new Tooltip("Read the audit log again"));
        refresh.disableProperty().bind(viewModel.loadingProperty());
        refresh.setOnAction(e -> viewModel.load());
        Button csv = new Button("Export _CSV…");
        csv.setId(Styles.ID_AUDIT_EXPORT_CSV);
        csv.setTooltip(new Tooltip("The records shown, in number order, with their hashes, for spreadsheets"));
        csv.setOnAction(e -> choose(AuditExport.Format.csv).ifPresent(viewModel::exportCsv));
        Button json = new Button("Export _JSON lines…");
        json.setId(Styles.ID_AUDIT_EXPORT_JSON);
        json.setTooltip(new Tooltip("The records shown, in number order, one JSON object a line, as "
                + "\"headroom audit export --format json\" writes them"));
        json.setOnAction(e -> choose(AuditExport.Format.json).ifPresent(viewModel::exportJson));
        for (Button b : List.of(refresh, csv, json)) {
            b.setMnemonicParsing(true);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        HBox row = new HBox(8, verify, label("Check_point", checkpoint), checkpoint, working, spacer, reading, count,
                refresh, csv, json);
        row.setAlignment(Pos.CENTER_LEFT);

        Label checkpointError = errorLabel(Styles.ID_AUDIT_CHECKPOINT_ERROR, viewModel.checkpointErrorProperty());
        Label outcome = new Label();
        outcome.setId(Styles.ID_AUDIT_VERIFICATION);
        outcome.setWrapText(true);
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        outcome.setMaxWidth(Double.MAX_VALUE);
        outcome.getStyleClass().addAll(Styles.AUDIT_VERIFICATION, Styles.AUDIT_INTACT);
        outcome.textProperty().bind(viewModel.verificationProperty());
        outcome.visibleProperty().bind(viewModel.verificationProperty().isNotEmpty());
        outcome.managedProperty().bind(outcome.visibleProperty());
        viewModel.brokenProperty().addListener((obs, was, now) -> {
            outcome.getStyleClass().removeAll(Styles.AUDIT_INTACT, Styles.AUDIT_BROKEN, Styles.ERROR_TEXT);
            if (now) {
                outcome.getStyleClass().addAll(Styles.AUDIT_BROKEN, Styles.ERROR_TEXT);
            } else {
                outcome.getStyleClass().add(Styles.AUDIT_INTACT);
            }
        });
        return new VBox(4, row, checkpointError, outcome);
    }

    // ------------------------------------------------------------ table

    private TableView<AuditRecord> table() {
        TableView<AuditRecord> table = new TableView<>(viewModel.rows());
        table.setId(Styles.ID_AUDIT_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No audit record matches the filters."));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // the view model owns the order: newest first
        table.setSortPolicy(t -> false);
        TableColumn<AuditRecord, String> seq = column("#", 60, r -> Long.toString(r.seq()));
        seq.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().add(seq);
        table.getColumns().add(column("Time (UTC)", 185, AuditRecord::at));
        table.getColumns().add(column("Account", 100, AuditRecord::account));
        table.getColumns().add(column("Actor", 88, AuditRecord::actor));
        table.getColumns().add(column("Kind", 126, AuditRecord::kind));
        table.getColumns().add(column("Subject", 180, AuditRecord::subject));
        TableColumn<AuditRecord, String> hash = column("Hash", 132, AuditRecord::hash);
        hash.setCellFactory(c -> new HashCell());
        table.getColumns().add(hash);
        TableColumn<AuditRecord, String> detail = column("Detail", 420, AuditRecord::detail);
        detail.setCellFactory(c -> new DetailCell());
        table.getColumns().add(detail);
        for (TableColumn<AuditRecord, ?> c : table.getColumns()) {
            c.setSortable(false);
        }
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e) && !table.getSelectionModel().getSelectedItems().isEmpty()) {
                ClipboardContent content = new ClipboardContent();
                content.putString(AuditViewModel.clipboardText(List.copyOf(table.getSelectionModel().getSelectedItems())));
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                e.consume();
            }
        });
        return table;
    }

    private static TableColumn<AuditRecord, String> column(String header, double width,
                                                          Function<AuditRecord, String> value) {
        TableColumn<AuditRecord, String> c = new TableColumn<>(header);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** The first digits of a hash; the whole hash, and the one it links to, in the tooltip. */
    private static final class HashCell extends TableCell<AuditRecord, String> {
        HashCell() {
            getStyleClass().add(Styles.AUDIT_HASH);
        }

        @Override
        protected void updateItem(String hash, boolean empty) {
            super.updateItem(hash, empty);
            AuditRecord r = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (hash == null || empty) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(hash.length() > SHORT_HASH ? hash.substring(0, SHORT_HASH) + "…" : hash);
            setTooltip(new Tooltip("hash " + hash + (r == null ? "" : "\nlinks to " + r.prevHash())));
        }
    }

    /** A detail may be long: the whole text in the tooltip. */
    private static final class DetailCell extends TableCell<AuditRecord, String> {
        @Override
        protected void updateItem(String detail, boolean empty) {
            super.updateItem(detail, empty);
            setText(empty ? null : detail);
            setTooltip(empty || detail == null || detail.isEmpty() ? null : new Tooltip(detail));
        }
    }
}
