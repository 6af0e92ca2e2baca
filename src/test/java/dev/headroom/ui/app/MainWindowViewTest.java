package dev.headroom.ui.app;

import dev.headroom.domain.ScheduledEvent;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.dependencies.EdgeRow;
import dev.headroom.ui.fleet.HostRow;
import dev.headroom.ui.forecast.EventRow;
import dev.headroom.ui.forecast.ScoreRow;
import dev.headroom.ui.shell.SectionPage;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class MainWindowViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private final InMemoryFleetStore store = DemoFleet.store();
    private ConsoleApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new ConsoleApp(progress -> {
            progress.progress(-1, "Generating the sandbox fleet…");
            return DemoFleet.backend(store);
        });
        app.start(stage);
    }

    @BeforeEach
    void waitUntilLoaded() throws TimeoutException {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> app.readyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    private String pageTitle(FxRobot robot) {
        return robot.lookup("#" + Styles.ID_PAGE_TITLE).queryAs(Label.class).getText();
    }

    private void pressShortcut(FxRobot robot, KeyCode... keys) {
        KeyCode[] all = new KeyCode[keys.length + 1];
        all[0] = KeyCode.CONTROL;
        System.arraycopy(keys, 0, all, 1, keys.length);
        robot.press(all).release(all);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void opensOnTheFleetOfTheDefaultAccountWithTitleAndClock(FxRobot robot) {
        TableView<?> table = robot.lookup("#" + Styles.ID_HOSTS_TABLE).queryTableView();

        assertThat(table.getItems()).hasSize(DemoFleet.SANDBOX_HOSTS);
        assertThat(robot.lookup("#" + Styles.ID_ROW_COUNT).queryAs(Label.class).getText()).isEqualTo("24 of 24 hosts");
        assertThat(stage.getTitle()).isEqualTo("Headroom — sandbox");
        assertThat(robot.lookup("#" + Styles.ID_STATUS_ACCOUNT).queryAs(Label.class).getText())
                .isEqualTo("Account sandbox · 2026-11-03 14:05 UTC");
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
    }

    @Test
    void stoppingClosesTheEngine() {
        assertThat(store.closed()).isFalse();

        app.stop();

        assertThat(store.closed()).isTrue();
    }

    @Test
    void typingInTheFilterNarrowsTheTable(FxRobot robot) {
        robot.clickOn("#" + Styles.ID_HOST_FILTER).write("search");
        WaitForAsyncUtils.waitForFxEvents();

        TableView<HostRow> table = robot.lookup("#" + Styles.ID_HOSTS_TABLE).queryTableView();
        assertThat(table.getItems()).extracting(HostRow::id).containsExactly("search-ap-1", "search-eu-1", "search-us-1");
        assertThat(robot.lookup("#" + Styles.ID_ROW_COUNT).queryAs(Label.class).getText()).isEqualTo("3 of 24 hosts");
    }

    @Test
    void clickingTheCpuHeaderSortsByLoadWithUnknownLoadLast(FxRobot robot) {
        TableView<HostRow> table = robot.lookup("#" + Styles.ID_HOSTS_TABLE).queryTableView();

        robot.clickOn(robot.lookup(".column-header .label").match((Label l) -> l.getText().equals("CPU")).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems().get(0).id()).isEqualTo("reports-us-1");
        assertThat(table.getItems().get(table.getItems().size() - 1).id()).isEqualTo("reports-ap-1");

        robot.clickOn(robot.lookup(".column-header .label").match((Label l) -> l.getText().equals("CPU")).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems().get(0).id()).isEqualTo("search-ap-1");
        assertThat(table.getItems().get(table.getItems().size() - 1).id()).isEqualTo("reports-ap-1");
    }

    @Test
    void ctrlFFocusesTheFilterFromAnotherSection(FxRobot robot) {
        pressShortcut(robot, KeyCode.DIGIT5);
        assertThat(pageTitle(robot)).isEqualTo("Rollouts");

        pressShortcut(robot, KeyCode.F);
        robot.write("eu-west-1a");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(pageTitle(robot)).isEqualTo("Fleet");
        TextField filter = robot.lookup("#" + Styles.ID_HOST_FILTER).queryAs(TextField.class);
        assertThat(filter.isFocused()).isTrue();
        assertThat(filter.getText()).isEqualTo("eu-west-1a");
        assertThat(robot.lookup("#" + Styles.ID_ROW_COUNT).queryAs(Label.class).getText()).isEqualTo("3 of 24 hosts");
    }

    @Test
    void shortcutsClicksAndArrowKeysSwitchSections(FxRobot robot) {
        pressShortcut(robot, KeyCode.DIGIT5);
        assertThat(pageTitle(robot)).isEqualTo("Rollouts");
        assertThat(robot.lookup(SectionPage.COMING_LATER_TEXT).tryQuery()).as("the Rollouts page is built").isEmpty();

        Node planEntry = robot.lookup("." + Styles.NAV_TITLE).match((Label l) -> l.getText().equals("Plan")).query();
        robot.clickOn(planEntry);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pageTitle(robot)).isEqualTo("Plan");

        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pageTitle(robot)).isEqualTo("Rollouts");
        ListView<?> nav = robot.lookup("#" + Styles.ID_NAV).queryListView();
        assertThat(nav.isFocused()).isTrue();
    }

    @Test
    void dependenciesSectionDrawsTheGraphAndAClickedServiceShowsItsEdges(FxRobot robot) throws TimeoutException {
        pressShortcut(robot, KeyCode.DIGIT3);
        assertThat(pageTitle(robot)).isEqualTo("Dependencies");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("." + Styles.DEP_NODE).queryAll().size() == 6);
        assertThat(robot.lookup("." + Styles.DEP_NODE).queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactlyInAnyOrder("cart", "catalog", "checkout", "payments", "reports", "search");
        assertThat(robot.lookup("." + Styles.DEP_EDGE).queryAll()).hasSize(6);

        robot.clickOn(robot.lookup("." + Styles.DEP_NODE).match((Label l) -> l.getText().equals("cart"))
                .queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#" + Styles.ID_DEPENDENCY_SELECTED).queryAs(Label.class).getText()).isEqualTo("cart");
        ListView<EdgeRow> edges = robot.lookup("#" + Styles.ID_DEPENDENCY_EDGES).queryListView();
        assertThat(edges.getItems()).extracting(EdgeRow::title)
                .containsExactly("cart → catalog · 510/s", "checkout → cart · 340/s");
        assertThat(robot.lookup("." + Styles.DEP_NODE).match((Label l) -> l.getText().equals("search"))
                .queryAs(Label.class).getStyleClass()).as("not connected to cart").contains(Styles.DEP_DIM);

        pressShortcut(robot, KeyCode.F);
        robot.write("reports");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + Styles.ID_DEPENDENCY_SEARCH).query().isFocused()).isTrue();
        assertThat(robot.lookup("#" + Styles.ID_DEPENDENCY_SELECTED).queryAs(Label.class).getText()).isEqualTo("reports");
    }

    @Test
    void theColourToggleFillsTheServicesByPredictedLoadAndBack(FxRobot robot) throws TimeoutException {
        pressShortcut(robot, KeyCode.DIGIT3);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("." + Styles.DEP_NODE).queryAll().size() == 6);
        Label search = robot.lookup("." + Styles.DEP_NODE).match((Label l) -> l.getText().equals("search"))
                .queryAs(Label.class);
        Label payments = robot.lookup("." + Styles.DEP_NODE).match((Label l) -> l.getText().equals("payments"))
                .queryAs(Label.class);
        Paint searchByCriticality = fill(search);
        Paint paymentsByCriticality = fill(payments);
        assertThat(search.getStyleClass()).contains("dep-node-high");

        robot.clickOn(robot.lookup("#" + Styles.ID_DEPENDENCY_COLOURING + " .toggle-button")
                .match((ToggleButton b) -> b.getText().equals("Load")).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> search.getStyleClass().stream().anyMatch(c -> c.startsWith(Styles.DEP_LOAD + "-")));
        WaitForAsyncUtils.waitForFxEvents();

        // search's hosts run at 88–95 % cpu (amber or red); payments is critical (red) but its hosts run at 47–57 %
        assertThat(search.getStyleClass()).doesNotContain("dep-node-high")
                .containsAnyOf("dep-load-high", "dep-load-critical");
        assertThat(payments.getStyleClass()).doesNotContain("dep-node-critical")
                .containsAnyOf("dep-load-low", "dep-load-moderate");
        assertThat(fill(payments)).isNotEqualTo(paymentsByCriticality);
        assertThat(robot.lookup("#" + Styles.ID_DEPENDENCY_LEGEND + " .label").queryAllAs(Label.class))
                .extracting(Label::getText).contains("90 % and over", "no forecast yet");

        robot.clickOn(robot.lookup("#" + Styles.ID_DEPENDENCY_COLOURING + " .toggle-button")
                .match((ToggleButton b) -> b.getText().equals("Criticality")).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fill(search)).isEqualTo(searchByCriticality);
        assertThat(fill(payments)).isEqualTo(paymentsByCriticality);
    }

    /** The inner fill of a service box (the outer one is its border). */
    private static Paint fill(Label node) {
        return node.getBackground().getFills().get(1).getFill();
    }

    @Test
    void accountsSectionListsTheRealAccounts(FxRobot robot) {
        pressShortcut(robot, KeyCode.DIGIT6);

        assertThat(pageTitle(robot)).isEqualTo("Accounts");
        assertThat(robot.lookup("#" + Styles.ID_ACCOUNTS_TABLE).queryTableView().getItems()).hasSize(2);
    }

    @Test
    void forecastsSectionChartsTheFirstHostAndListsItsLoadScores(FxRobot robot) throws TimeoutException {
        pressShortcut(robot, KeyCode.DIGIT2);
        assertThat(pageTitle(robot)).isEqualTo("Forecasts");

        TableView<ScoreRow> scores = robot.lookup("#" + Styles.ID_SCORES_TABLE).queryTableView();
        assertThat(scores.getItems()).hasSize(DemoFleet.SANDBOX_HOSTS);
        assertThat(scores.getItems().get(0).hostId()).as("the busiest host first").isEqualTo("search-ap-1");
        ChartViewer viewer = robot.lookup("#" + Styles.ID_FORECAST_CHART).queryAs(ChartViewer.class);
        assertThat(viewer.isVisible()).isTrue();
        assertThat(viewer.getChart().getTitle().getText()).isEqualTo("cart-ap-1 · cpu");
        XYPlot plot = viewer.getChart().getXYPlot();
        assertThat(plot.getDataset(0).getItemCount(0)).as("95 % band over the 24 h forecast").isEqualTo(288);
        assertThat(plot.getDataset(1).getItemCount(0)).as("history").isGreaterThan(100);
        assertThat(robot.lookup("#" + Styles.ID_FORECAST_MODEL).queryAs(Label.class).getText()).startsWith("model ");

        robot.clickOn(robot.lookup(".table-row-cell").match((TableRow<ScoreRow> r) -> r.getItem() != null
                && r.getItem().hostId().equals("search-ap-1")).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> viewer.getChart().getTitle().getText().equals("search-ap-1 · cpu"));
    }

    @Test
    void choosingOtherIntervalLevelsRedrawsTheBandsAndTheLegendNamesThem(FxRobot robot) throws TimeoutException {
        pressShortcut(robot, KeyCode.DIGIT2);
        ChartViewer viewer = robot.lookup("#" + Styles.ID_FORECAST_CHART).queryAs(ChartViewer.class);
        XYPlot plot = viewer.getChart().getXYPlot();
        assertThat(legendLabels(plot)).contains("80 % interval", "95 % interval");

        @SuppressWarnings("unchecked")
        ChoiceBox<IntervalLevels> levels = robot.lookup("#" + Styles.ID_FORECAST_LEVELS).queryAs(ChoiceBox.class);
        assertThat(levels.getValue()).isEqualTo(IntervalLevels.DEFAULT);
        robot.interact(() -> levels.setValue(new IntervalLevels(0.5, 0.9)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> legendLabels(plot).contains("50 % interval"));
        assertThat(legendLabels(plot)).contains("50 % interval", "90 % interval").doesNotContain("80 % interval");
    }

    private static List<String> legendLabels(XYPlot plot) {
        List<String> labels = new ArrayList<>();
        LegendItemCollection items = plot.getLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) {
            labels.add(items.get(i).getLabel());
        }
        return labels;
    }

    @Test
    void anEventFilledInOnTheForecastsPageIsAddedAndListed(FxRobot robot) throws TimeoutException {
        pressShortcut(robot, KeyCode.DIGIT2);
        robot.clickOn(robot.lookup(".tab-label").match((Label l) -> l.getText().equals("Events (0)")).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn("#" + Styles.ID_EVENT_NAME).write("Flash sale");
        replaceText(robot, robot.lookup("#" + Styles.ID_EVENT_START_DATE + " .text-field").query(), "2026-11-04");
        replaceText(robot, robot.lookup("#" + Styles.ID_EVENT_START_TIME).query(), "9:30");
        replaceText(robot, robot.lookup("#" + Styles.ID_EVENT_END_DATE + " .text-field").query(), "2026-11-04");
        replaceText(robot, robot.lookup("#" + Styles.ID_EVENT_END_TIME).query(), "12:00");
        robot.clickOn("#" + Styles.ID_EVENT_SCOPE).clickOn("checkout");
        replaceText(robot, robot.lookup("#" + Styles.ID_EVENT_LOAD_FACTOR).query(), "1.5");
        robot.clickOn("#" + Styles.ID_EVENT_ADD);

        TableView<EventRow> events = robot.lookup("#" + Styles.ID_EVENTS_TABLE).queryTableView();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> events.getItems().size() == 1 && app.readyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(events.getItems().get(0).event()).isEqualTo(new ScheduledEvent("Flash sale",
                Instant.parse("2026-11-04T09:30:00Z"), Instant.parse("2026-11-04T12:00:00Z"), "checkout", 1.5));
        assertThat(robot.lookup(".tab-label").match((Label l) -> l.getText().equals("Events (1)")).tryQuery()).isPresent();
        assertThat(robot.lookup("#" + Styles.ID_STATUS_MESSAGE).queryAs(Label.class).getText())
                .isEqualTo("Event Flash sale added");
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
    }

    private static void replaceText(FxRobot robot, Node field, String text) {
        robot.clickOn(field).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write(text);
    }

    @Test
    void ctrlShiftTSwitchesTheTheme(FxRobot robot) {
        assertThat(stage.getScene().getStylesheets()).anyMatch(s -> s.endsWith("light.css"));

        pressShortcut(robot, KeyCode.SHIFT, KeyCode.T);
        assertThat(stage.getScene().getStylesheets()).anyMatch(s -> s.endsWith("dark.css"))
                .noneMatch(s -> s.endsWith("light.css"));

        pressShortcut(robot, KeyCode.SHIFT, KeyCode.T);
        assertThat(stage.getScene().getStylesheets()).anyMatch(s -> s.endsWith("light.css"));
    }
}
