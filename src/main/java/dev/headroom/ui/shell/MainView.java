package dev.headroom.ui.shell;

import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Map;

/**
 * The main window: menu bar, error banner, section navigation on the left, the selected section in
 * the middle and the status bar at the bottom. Until the engine is open, the middle shows progress.
 */
public final class MainView {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
            KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private final MainViewModel viewModel;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final ListView<Section> nav = new ListView<>();
    private final Node startup;
    private final Map<Section, SectionView> views = new EnumMap<>(Section.class);

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        this.startup = startupPane(viewModel.activity(), viewModel.problems());
        content.getStyleClass().add(Styles.CONTENT);
        root.setTop(new VBox(menuBar(), errorBanner(viewModel.problems())));
        root.setLeft(navigation());
        root.setCenter(content);
        root.setBottom(statusBar());
        viewModel.sectionProperty().addListener((obs, old, next) -> showSection());
        showSection();
    }

    /** A scene for this view whose stylesheets follow the theme. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().setAll(viewModel.themeProperty().get().stylesheets());
        viewModel.themeProperty().addListener((obs, old, theme) -> scene.getStylesheets().setAll(theme.stylesheets()));
        return scene;
    }

    /** Puts the section views in place once the engine is open. */
    public void install(Map<Section, ? extends SectionView> sectionViews) {
        views.putAll(sectionViews);
        showSection();
        nav.requestFocus();
    }

    public Parent root() {
        return root;
    }

    private void showSection() {
        SectionView view = views.get(viewModel.sectionProperty().get());
        content.getChildren().setAll(view == null ? startup : view.root());
    }

    private void focusSearch() {
        SectionView current = views.get(viewModel.sectionProperty().get());
        if (current == null || current.searchField().isEmpty()) {
            viewModel.select(Section.FLEET);
            current = views.get(Section.FLEET);
        }
        if (current != null) {
            current.searchField().ifPresent(Node::requestFocus);
        }
    }

    private MenuBar menuBar() {
        MenuItem exit = new MenuItem("E_xit");
        exit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        exit.setOnAction(e -> root.getScene().getWindow().hide());
        Menu file = new Menu("_File", null, exit);

        MenuItem find = new MenuItem("_Find hosts…");
        find.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        find.setOnAction(e -> focusSearch());
        Menu edit = new Menu("_Edit", null, find);

        Menu view = new Menu("_View");
        for (Section section : Section.values()) {
            MenuItem item = new MenuItem(section.mnemonicTitle());
            item.setAccelerator(new KeyCodeCombination(DIGITS[section.ordinal()], KeyCombination.SHORTCUT_DOWN));
            item.setOnAction(e -> viewModel.select(section));
            view.getItems().add(item);
        }
        MenuItem theme = new MenuItem("Switch _theme");
        theme.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN));
        theme.setOnAction(e -> viewModel.toggleTheme());
        view.getItems().addAll(new SeparatorMenuItem(), theme);

        return new MenuBar(file, edit, view);
    }

    private Node navigation() {
        nav.setId(Styles.ID_NAV);
        nav.getStyleClass().add(Styles.NAV);
        nav.getItems().setAll(Section.values());
        nav.setCellFactory(list -> new NavCell());
        nav.setPrefWidth(190);
        nav.getSelectionModel().select(viewModel.sectionProperty().get());
        nav.getSelectionModel().selectedItemProperty().addListener((obs, old, next) -> {
            if (next != null) {
                viewModel.select(next);
            }
        });
        viewModel.sectionProperty().addListener((obs, old, next) -> nav.getSelectionModel().select(next));
        return nav;
    }

    private Node errorBanner(Problems problems) {
        Label text = new Label();
        text.getStyleClass().add(Styles.ERROR_TEXT);
        text.setWrapText(true);
        text.textProperty().bind(problems.messageProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);

        Button retry = new Button("_Retry");
        retry.setId(Styles.ID_RETRY);
        retry.visibleProperty().bind(problems.retryProperty().isNotNull());
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setOnAction(e -> problems.retry());
        Button dismiss = new Button("Dis_miss");
        dismiss.setOnAction(e -> problems.clear());

        HBox banner = new HBox(text, retry, dismiss);
        banner.setId(Styles.ID_ERROR_BANNER);
        banner.getStyleClass().add(Styles.ERROR_BANNER);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(problems.messageProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Node statusBar() {
        Activity activity = viewModel.activity();
        Label account = new Label();
        account.setId(Styles.ID_STATUS_ACCOUNT);
        account.getStyleClass().add(Styles.STATUS_ACCOUNT);
        account.textProperty().bind(viewModel.accountStatus());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label message = new Label();
        message.setId(Styles.ID_STATUS_MESSAGE);
        message.textProperty().bind(activity.messageProperty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(activity.progressProperty());
        progress.visibleProperty().bind(activity.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        progress.setPrefWidth(140);

        HBox bar = new HBox(account, spacer, message, progress);
        bar.getStyleClass().add(Styles.STATUS_BAR);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static Node startupPane(Activity activity, Problems problems) {
        Label title = new Label(MainViewModel.APP_NAME);
        title.getStyleClass().add(Styles.STARTUP_TITLE);
        ProgressIndicator indicator = new ProgressIndicator();
        indicator.progressProperty().bind(activity.progressProperty());
        indicator.visibleProperty().bind(activity.busyProperty());
        Label message = new Label();
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(activity.busyProperty())
                .then(activity.messageProperty())
                .otherwise(Bindings.when(problems.messageProperty().isEmpty())
                        .then("")
                        .otherwise("Headroom could not open its data; see the message above.")));
        VBox pane = new VBox(title, indicator, message);
        pane.setId(Styles.ID_STARTUP);
        pane.getStyleClass().add(Styles.STARTUP);
        pane.setAlignment(Pos.CENTER);
        return pane;
    }

    /** A navigation entry: the section title and its keyboard shortcut. */
    private static final class NavCell extends ListCell<Section> {
        @Override
        protected void updateItem(Section section, boolean empty) {
            super.updateItem(section, empty);
            if (empty || section == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label title = new Label(section.title());
            title.getStyleClass().add(Styles.NAV_TITLE);
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            Label shortcut = new Label("Ctrl+" + section.shortcutDigit());
            shortcut.getStyleClass().add(Styles.NAV_SHORTCUT);
            HBox line = new HBox(title, spacer, shortcut);
            line.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(line);
        }
    }
}
