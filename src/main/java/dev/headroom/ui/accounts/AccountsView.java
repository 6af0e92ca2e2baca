package dev.headroom.ui.accounts;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.ui.accounts.AccountsViewModel.AccountRow;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.io.File;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Accounts section: the accounts with their status, the selected account's detail pane
 * (status, Test connection, Sync now, settings, secret, Remove) and the "Add account…" form.
 * Binds controls and forwards clicks; the view model does the work.
 */
public final class AccountsView implements SectionView {
    private static final String EMPTY_HINT = "No accounts yet. An account is where Headroom reads a fleet from: a "
            + "Prometheus server gives the load history of your hosts, a Kubernetes cluster its nodes and workloads. "
            + "Press \"Add account…\" to connect one; its secret goes to the secret store, never to the database.";

    private final AccountsViewModel viewModel;
    private final VBox root;

    public AccountsView(AccountsViewModel viewModel) {
        this.viewModel = viewModel;
        Button add = new Button("Add account…");
        add.setId(Styles.ID_ACCOUNT_ADD);
        add.setAccessibleText("Add account");
        add.setOnAction(e -> viewModel.openForm());
        add.disableProperty().bind(viewModel.formOpenProperty());
        HBox toolbar = new HBox(8, add);
        toolbar.getStyleClass().add(Styles.TOOLBAR);

        Label empty = new Label(EMPTY_HINT);
        empty.setId(Styles.ID_ACCOUNTS_EMPTY);
        empty.setWrapText(true);
        empty.setMaxWidth(720);
        empty.getStyleClass().add(Styles.MUTED);
        shownWhen(empty, viewModel.loadedProperty().and(Bindings.isEmpty(viewModel.accounts())));

        // the form takes the detail pane's place, so the accounts stay in view while one is added
        StackPane side = new StackPane(detailPane(), addForm());
        side.setAlignment(Pos.TOP_LEFT);
        HBox.setHgrow(side, Priority.ALWAYS);
        Node table = table();
        shownWhen(table, Bindings.isNotEmpty(viewModel.accounts()));
        HBox main = new HBox(16, table, side);
        main.setAlignment(Pos.TOP_LEFT);
        VBox.setVgrow(main, Priority.ALWAYS);

        this.root = SectionPage.of(Section.ACCOUNTS, toolbar, empty, main);
    }

    private TableView<AccountRow> table() {
        TableView<AccountRow> table = new TableView<>(viewModel.accounts());
        table.setId(Styles.ID_ACCOUNTS_TABLE);
        table.setAccessibleText("Accounts");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No accounts yet."));
        table.getColumns().add(column("Account", AccountRow::name, 110));
        table.getColumns().add(column("Kind", AccountRow::kind, 100));
        TableColumn<AccountRow, String> source = column("Source", AccountRow::source, 240);
        // a long path or URL is cut in the cell; its tooltip shows all of it
        source.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });
        table.getColumns().add(source);
        table.getColumns().add(column("Last sync", AccountRow::lastSync, 140));
        TableColumn<AccountRow, String> status = column("Status", AccountRow::status, 100);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().remove(Styles.ERROR_TEXT);
                if (!empty && AccountsViewModel.ERROR.equals(item)) {
                    getStyleClass().add(Styles.ERROR_TEXT);
                }
            }
        });
        table.getColumns().add(status);
        table.setPrefWidth(660);
        table.setMinWidth(600);
        // few accounts: the table is as tall as its rows, not a tall empty box
        table.setFixedCellSize(28);
        table.prefHeightProperty().bind(table.fixedCellSizeProperty()
                .multiply(Bindings.max(1, Bindings.min(16, Bindings.size(viewModel.accounts())))).add(32));
        table.setMaxHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(table, Priority.SOMETIMES);
        // the table follows the view model's selection (first account, a new one) and sets it on a click
        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                viewModel.selectedProperty().set(now.name());
            }
        });
        Runnable follow = () -> {
            String name = viewModel.selectedProperty().get();
            AccountRow current = table.getSelectionModel().getSelectedItem();
            if (name == null) {
                table.getSelectionModel().clearSelection();
            } else if (current == null || !current.name().equals(name)) {
                viewModel.accounts().stream().filter(r -> r.name().equals(name)).findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
        };
        viewModel.selectedProperty().addListener((obs, was, now) -> follow.run());
        viewModel.accounts().addListener((javafx.collections.ListChangeListener<AccountRow>) c -> follow.run());
        return table;
    }

    private Node detailPane() {
        Label title = new Label();
        title.setId(Styles.ID_ACCOUNT_TITLE);
        title.getStyleClass().add(Styles.EVENT_FORM_TITLE);
        title.textProperty().bind(Bindings.createStringBinding(() -> {
            Account a = viewModel.accountProperty().get();
            return a == null ? "" : a.name() + " (" + a.kind().label() + ")";
        }, viewModel.accountProperty()));

        Label check = text(Styles.ID_ACCOUNT_CHECK, viewModel.checkTextProperty(), Styles.MUTED);
        Label sync = text(Styles.ID_ACCOUNT_SYNC_TEXT, viewModel.syncTextProperty(), Styles.MUTED);
        Label error = text(Styles.ID_ACCOUNT_ERROR, viewModel.errorTextProperty(), Styles.ERROR_TEXT);

        BooleanBinding working = viewModel.workingProperty().or(viewModel.accountProperty().isNull());
        Button test = button(Styles.ID_ACCOUNT_TEST, "Test connection", viewModel::test);
        test.disableProperty().bind(working);
        Button syncNow = button(Styles.ID_ACCOUNT_SYNC, "Sync now", viewModel::sync);
        syncNow.disableProperty().bind(working.or(viewModel.syncableProperty().not()));
        Button remove = button(Styles.ID_ACCOUNT_REMOVE, "Remove…", this::confirmRemove);
        remove.disableProperty().bind(working);
        ProgressBar progress = new ProgressBar();
        progress.setId(Styles.ID_ACCOUNT_SYNC_PROGRESS);
        progress.setAccessibleText("Sync progress");
        progress.setPrefWidth(160);
        progress.progressProperty().bind(viewModel.syncProgressProperty());
        shownWhen(progress, Bindings.createBooleanBinding(() -> !viewModel.syncingProperty().get().isEmpty()
                        && viewModel.syncingProperty().get().equals(viewModel.selectedProperty().get()),
                viewModel.syncingProperty(), viewModel.selectedProperty()));
        HBox actions = new HBox(8, test, syncNow, progress, spacer(), remove);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label outcome = text(Styles.ID_ACCOUNT_OUTCOME, viewModel.outcomeProperty(), Styles.MUTED);
        Label detailError = text(Styles.ID_ACCOUNT_DETAIL_ERROR, viewModel.detailErrorProperty(), Styles.FIELD_ERROR);

        VBox pane = new VBox(8, title, check, sync, error, actions, outcome, settingsEditor(), detailError,
                secretRow());
        pane.setPadding(new Insets(0, 8, 8, 0));
        ScrollPane scroll = new ScrollPane(pane);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(620);
        HBox.setHgrow(scroll, Priority.ALWAYS);
        shownWhen(scroll, viewModel.accountProperty().isNotNull().and(viewModel.formOpenProperty().not()));
        return scroll;
    }

    private Node settingsEditor() {
        Label heading = new Label("Settings");
        heading.getStyleClass().add(Styles.EVENT_FORM_TITLE);
        Label fixed = new Label("The settings of the sandbox and of imported scenarios are fixed when they are made.");
        fixed.setWrapText(true);
        fixed.getStyleClass().add(Styles.MUTED);
        shownWhen(fixed, viewModel.editableProperty().not().and(viewModel.accountProperty().isNotNull()));

        TableView<SettingRow> rows = new TableView<>(viewModel.settings());
        rows.setId(Styles.ID_ACCOUNT_SETTINGS);
        rows.setAccessibleText("Settings of the selected account");
        rows.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        rows.setPlaceholder(new Label("No settings."));
        TableColumn<SettingRow, String> key = new TableColumn<>("Key");
        key.setCellValueFactory(c -> c.getValue().keyProperty());
        TableColumn<SettingRow, String> value = new TableColumn<>("Value");
        // long values (a label mapping in JSON) show on one line; the editor below shows them as written
        value.setCellValueFactory(c -> Bindings.createStringBinding(() -> oneLine(c.getValue().value()),
                c.getValue().valueProperty()));
        rows.getColumns().add(key);
        rows.getColumns().add(value);
        rows.setFixedCellSize(26);
        rows.prefHeightProperty().bind(rows.fixedCellSizeProperty()
                .multiply(Bindings.max(2, Bindings.min(8, Bindings.size(viewModel.settings())))).add(30));

        TextField keyField = new TextField();
        keyField.setId(Styles.ID_ACCOUNT_SETTING_KEY);
        keyField.setPromptText("key, e.g. mapping");
        keyField.setAccessibleText("Setting key");
        TextArea valueField = new TextArea();
        valueField.setId(Styles.ID_ACCOUNT_SETTING_VALUE);
        valueField.setPromptText("value; a label mapping may be JSON over several lines");
        valueField.setAccessibleText("Setting value");
        valueField.setPrefRowCount(4);
        valueField.setWrapText(true);
        SettingRow[] bound = {null};
        rows.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (bound[0] != null) {
                keyField.textProperty().unbindBidirectional(bound[0].keyProperty());
                valueField.textProperty().unbindBidirectional(bound[0].valueProperty());
            }
            bound[0] = now;
            if (now == null) {
                keyField.clear();
                valueField.clear();
            } else {
                keyField.textProperty().bindBidirectional(now.keyProperty());
                valueField.textProperty().bindBidirectional(now.valueProperty());
            }
        });
        BooleanBinding noRow = rows.getSelectionModel().selectedItemProperty().isNull();
        BooleanBinding locked = viewModel.editableProperty().not().or(viewModel.workingProperty());
        keyField.disableProperty().bind(locked.or(noRow));
        valueField.editableProperty().bind(locked.or(noRow).not());

        Button addRow = button(Styles.ID_ACCOUNT_SETTING_ADD, "Add setting", () -> {
            SettingRow row = viewModel.addSetting();
            rows.getSelectionModel().select(row);
            keyField.requestFocus();
        });
        addRow.disableProperty().bind(locked);
        Button removeRow = button(Styles.ID_ACCOUNT_SETTING_REMOVE, "Remove setting",
                () -> viewModel.removeSetting(rows.getSelectionModel().getSelectedItem()));
        removeRow.disableProperty().bind(locked.or(noRow));
        Button save = button(Styles.ID_ACCOUNT_SAVE, "Save settings", viewModel::saveSettings);
        save.setAccessibleText("Save settings");
        save.disableProperty().bind(locked);
        Button revert = button(Styles.ID_ACCOUNT_REVERT, "Revert", viewModel::revertSettings);
        revert.setAccessibleText("Revert to the stored settings");
        revert.disableProperty().bind(locked);
        HBox buttons = new HBox(8, addRow, removeRow, spacer(), revert, save);
        buttons.setAlignment(Pos.CENTER_LEFT);

        GridPane editor = new GridPane();
        editor.setHgap(8);
        editor.setVgap(6);
        editor.getColumnConstraints().addAll(labels(), grow());
        editor.addRow(0, new Label("Key"), keyField);
        editor.addRow(1, new Label("Value"), valueField);
        // the sandbox's and imported settings are shown, not edited: no editor for them
        shownWhen(editor, viewModel.editableProperty());
        shownWhen(buttons, viewModel.editableProperty());
        return new VBox(6, heading, fixed, rows, editor, buttons);
    }

    private Node secretRow() {
        PasswordField secret = new PasswordField();
        secret.setId(Styles.ID_ACCOUNT_SECRET);
        secret.setPromptText("new token or password");
        secret.setAccessibleText("New secret of the selected account");
        Button replace = button(Styles.ID_ACCOUNT_SECRET_REPLACE, "Replace secret", () -> {
            char[] value = secret.getText().toCharArray();
            // the field's text is the only copy the view keeps; it goes at once
            secret.clear();
            viewModel.replaceSecret(value);
        });
        replace.disableProperty().bind(viewModel.workingProperty());
        Label note = new Label("Kept in the secret store, never shown or written to the database.");
        note.getStyleClass().add(Styles.MUTED);
        HBox row = new HBox(8, new Label("Secret"), secret, replace);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, row, note);
        shownWhen(box, viewModel.hasSecretProperty());
        return box;
    }

    private Node addForm() {
        AddAccountForm form = viewModel.form();
        Label title = new Label("Add an account");
        title.getStyleClass().add(Styles.EVENT_FORM_TITLE);

        ChoiceBox<AccountKind> kind = new ChoiceBox<>();
        kind.getItems().setAll(AddAccountForm.KINDS);
        kind.setId(Styles.ID_ADD_KIND);
        kind.setAccessibleText("Account kind");
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(AccountKind k) {
                return k == null ? "" : k == AccountKind.PROMETHEUS ? "Prometheus" : "Kubernetes";
            }

            @Override
            public AccountKind fromString(String s) {
                return null;
            }
        });
        kind.valueProperty().bindBidirectional(form.kindProperty());
        BooleanBinding prometheus = form.kindProperty().isEqualTo(AccountKind.PROMETHEUS);

        TextField name = field(Styles.ID_ADD_NAME, "e.g. prod-metrics", "Account name");
        name.textProperty().bindBidirectional(form.nameProperty());
        TextField url = field(Styles.ID_ADD_URL, "http://prometheus:9090", "Prometheus URL");
        url.textProperty().bindBidirectional(form.urlProperty());
        TextField kubeconfig = field(Styles.ID_ADD_KUBECONFIG, "~/.kube/config", "Kubeconfig file");
        kubeconfig.textProperty().bindBidirectional(form.kubeconfigProperty());
        Button choose = new Button("Choose…");
        choose.setAccessibleText("Choose the kubeconfig file");
        choose.setOnAction(e -> chooseKubeconfig().ifPresent(f -> form.kubeconfigProperty().set(f.getPath())));
        HBox.setHgrow(kubeconfig, Priority.ALWAYS);
        HBox kubeconfigRow = new HBox(8, kubeconfig, choose);
        TextField context = field(Styles.ID_ADD_CONTEXT, "the kubeconfig's current context when empty",
                "Kubeconfig context");
        context.textProperty().bindBidirectional(form.contextProperty());
        PasswordField secret = new PasswordField();
        secret.setId(Styles.ID_ADD_SECRET);
        secret.setAccessibleText("Account secret");
        secret.promptTextProperty().bind(Bindings.when(prometheus).then("bearer token or password (optional)")
                .otherwise("cluster token (optional)"));
        TextArea extra = new TextArea();
        extra.setId(Styles.ID_ADD_EXTRA);
        extra.setAccessibleText("Other settings");
        extra.setPromptText("other settings, KEY=VALUE one a line, e.g. history_days=30");
        extra.setPrefRowCount(3);
        extra.textProperty().bindBidirectional(form.extraProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.getColumnConstraints().addAll(labels(), grow());
        grid.addRow(0, new Label("Kind"), kind);
        grid.addRow(1, new Label("Name"), name);
        // where the account is: a URL or a kubeconfig file, in one row that follows the kind
        Label whereLabel = new Label();
        whereLabel.textProperty().bind(Bindings.when(prometheus).then("URL").otherwise("Kubeconfig"));
        grid.add(whereLabel, 0, 2);
        grid.add(url, 1, 2);
        grid.add(kubeconfigRow, 1, 2);
        shownWhen(url, prometheus);
        shownWhen(kubeconfigRow, prometheus.not());
        Label contextLabel = new Label("Context");
        grid.addRow(3, contextLabel, context);
        shownWhen(contextLabel, prometheus.not());
        shownWhen(context, prometheus.not());
        grid.addRow(4, new Label("Secret"), secret);
        grid.addRow(5, new Label("Other settings"), extra);

        Label error = text(Styles.ID_ADD_ERROR, viewModel.formErrorProperty(), Styles.FIELD_ERROR);
        Button submit = new Button("Add");
        submit.setId(Styles.ID_ADD_SUBMIT);
        // Enter adds only while the form is open, not from the table behind it
        submit.defaultButtonProperty().bind(viewModel.formOpenProperty());
        submit.setAccessibleText("Add the account");
        submit.setOnAction(e -> {
            char[] value = secret.getText().toCharArray();
            // cleared before the work starts: the view model holds the only copy, and clears it when done
            secret.clear();
            viewModel.add(value);
        });
        submit.disableProperty().bind(viewModel.addingProperty());
        Button cancel = button(Styles.ID_ADD_CANCEL, "Cancel", () -> {
            secret.clear();
            viewModel.cancelForm();
        });
        cancel.disableProperty().bind(viewModel.addingProperty());
        ProgressIndicator adding = new ProgressIndicator();
        adding.setPrefSize(20, 20);
        adding.setAccessibleText("Adding the account");
        shownWhen(adding, viewModel.addingProperty());
        HBox buttons = new HBox(8, submit, cancel, adding);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("The account is checked when it is added; nothing is read from it until Sync now.");
        note.getStyleClass().add(Styles.MUTED);

        VBox box = new VBox(8, title, grid, error, buttons, note);
        box.setId(Styles.ID_ADD_FORM);
        box.getStyleClass().add(Styles.EVENT_FORM);
        box.setMaxWidth(720);
        box.setMaxHeight(Region.USE_PREF_SIZE);
        shownWhen(box, viewModel.formOpenProperty());
        return box;
    }

    private Optional<File> chooseKubeconfig() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose the cluster's kubeconfig file");
        File home = new File(System.getProperty("user.home"), ".kube");
        if (home.isDirectory()) {
            chooser.setInitialDirectory(home);
        }
        return Optional.ofNullable(chooser.showOpenDialog(owner().orElse(null)));
    }

    private void confirmRemove() {
        ButtonType go = new ButtonType("Remove the account", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, viewModel.removeConfirmation(), go, ButtonType.CANCEL);
        alert.setTitle("Remove account");
        alert.setHeaderText("Remove account " + viewModel.selectedProperty().get() + "?");
        alert.getDialogPane().setId(Styles.ID_ACCOUNT_REMOVE_CONFIRM);
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        ((Label) alert.getDialogPane().lookup(".content")).setWrapText(true);
        owner().ifPresent(alert::initOwner);
        // Enter must not delete an account's stored history: Cancel is the default
        ((Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (alert.showAndWait().filter(go::equals).isPresent()) {
            viewModel.remove();
        }
    }

    private Optional<Window> owner() {
        return Optional.ofNullable(root.getScene()).map(s -> s.getWindow());
    }

    private static TableColumn<AccountRow, String> column(String header, Function<AccountRow, String> field,
                                                          double width) {
        TableColumn<AccountRow, String> c = new TableColumn<>(header);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(field.apply(cell.getValue())));
        return c;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setAccessibleText(text);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TextField field(String id, String prompt, String accessible) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setAccessibleText(accessible);
        return f;
    }

    private static Label text(String id, ObservableStringValue value, String style) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add(style);
        l.textProperty().bind(value);
        l.setMinHeight(Control.USE_PREF_SIZE);
        shownWhen(l, Bindings.isNotEmpty(value));
        return l;
    }

    private static void shownWhen(Node node, javafx.beans.value.ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(node.visibleProperty());
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static ColumnConstraints labels() {
        ColumnConstraints c = new ColumnConstraints();
        c.setMinWidth(Region.USE_PREF_SIZE);
        return c;
    }

    private static ColumnConstraints grow() {
        ColumnConstraints c = new ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        return c;
    }

    /** A multi-line value (JSON) on one line; the editor below the table shows it as written. */
    private static String oneLine(String value) {
        return value == null ? "" : value.strip().replaceAll("\\s+", " ");
    }

    @Override
    public Node root() {
        return root;
    }
}
