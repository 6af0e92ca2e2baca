package dev.headroom.ui.plan;

import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.plan.SavedScenario;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryScenarioRepository;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Plan page in the real console on the demo sandbox with releases ({@link PlanFleet}): wiring, not behaviour. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class PlanViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    /**
     * A scenario stored from the command line for yesterday's window: its plan no longer fits, so
     * the comparison shows its stored figures.
     */
    private static final String YESTERDAY = """
            {"scenario": "sandbox", "solver": "heuristic",
             "batches": [
               {"index": 1, "start": "2026-11-02T14:05:00Z", "end": "2026-11-02T14:45:00Z", "hosts": ["search-eu-1"]},
               {"index": 2, "start": "2026-11-02T14:45:00Z", "end": "2026-11-02T15:25:00Z", "hosts": ["search-eu-2"]}],
             "summary": {"makespan_minutes": 80, "surge_cost_usd": 1.25, "min_headroom_fraction": 0.12,
                         "predicted_violations": 0, "risk": 0.5, "window_fits": true, "objective": 3.0},
             "unplanned": []}
            """;

    private ConsoleApp app;

    @Start
    void start(Stage stage) {
        InMemoryScenarioRepository scenarios = new InMemoryScenarioRepository();
        Instant stored = Instant.parse("2026-11-02T13:00:00Z");
        scenarios.save(new SavedScenario(DemoFleet.SANDBOX, "yesterday", Policy.DEFAULT.withWindow(new Window(
                Instant.parse("2026-11-02T14:05:00Z"), Instant.parse("2026-11-02T20:05:00Z"))), "heuristic",
                Optional.of(YESTERDAY), stored, stored));
        app = new ConsoleApp(progress -> DemoFleet.backend(PlanFleet.store(), scenarios));
        app.start(stage);
    }

    @BeforeEach
    void openThePlanPage(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    @Test
    void showsTheBatchesOnTheTimeLineWithSurgeAndTheTightestServicesHeadroom(FxRobot robot) {
        assertThat(text(robot, Styles.ID_PAGE_TITLE)).isEqualTo("Plan");
        assertThat(robot.lookup("." + Styles.PLAN_BATCH).queryAll()).hasSize(7);
        assertThat(robot.lookup("." + Styles.PLAN_RESERVATION).queryAll())
                .as("search and checkout need surge when their hosts are out").hasSize(8);
        assertThat(text(robot, Styles.ID_PLAN_STATUS)).startsWith("heuristic plan in ")
                .endsWith("16 of 17 hosts in 7 batches · 1 cannot be planned under this policy");
        ChartViewer chart = robot.lookup("#" + Styles.ID_PLAN_HEADROOM_CHART).queryAs(ChartViewer.class);
        assertThat(chart.getChart().getTitle().getText()).startsWith("search · least headroom");
        assertThat(chart.getChart().getXYPlot().getDataset(2).getItemCount(0)).as("in service, per step").isEqualTo(73);
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
    }

    @Test
    void clickingABatchShowsItsHostsAndSurge(FxRobot robot) {
        Node second = robot.lookup("." + Styles.PLAN_BATCH).nth(1).query();
        robot.clickOn(second);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("." + Styles.PLAN_DETAILS_TITLE).queryAs(Label.class).getText())
                .isEqualTo("Batch 2 of 7 · 3 hosts");
        TableView<ReasonRow> hosts = robot.lookup("#" + Styles.ID_PLAN_BATCH_HOSTS).queryTableView();
        assertThat(hosts.getItems()).extracting(ReasonRow::host)
                .containsExactlyInAnyOrder("catalog-us-1", "search-us-1", "checkout-us-10");
        assertThat(robot.lookup((Label l) -> l.getText() != null && l.getText().startsWith("Surge · search: "))
                .tryQuery()).isPresent();
        assertThat(second.getStyleClass()).contains(Styles.PLAN_BATCH_SELECTED);
    }

    @Test
    void aSliderReplansAtOnceAndABadFieldSaysWhyNextToIt(FxRobot robot) throws TimeoutException {
        Slider batch = robot.lookup("#" + Styles.planControlId(PolicyForm.MAX_BATCH_FRACTION)).queryAs(Slider.class);
        robot.interact(() -> batch.setValue(0.5));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> text(robot, Styles.ID_PLAN_STATUS).endsWith("hosts in 6 batches"));
        assertThat(text(robot, Styles.ID_PLAN_STATUS)).startsWith("heuristic plan in ")
                .endsWith("17 of 17 hosts in 6 batches");
        assertThat(robot.lookup((Label l) -> "50 %".equals(l.getText())
                && l.getStyleClass().contains(Styles.PLAN_CONTROL_VALUE)).tryQuery()).isPresent();

        TextField budget = robot.lookup("#" + Styles.planControlId(PolicyForm.BUDGET_USD)).queryAs(TextField.class);
        robot.clickOn(budget).write("lots").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#" + Styles.planControlId(PolicyForm.BUDGET_USD) + "-error").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).isEqualTo("Write the budget in dollars, e.g. 250, or leave it empty for no cap.");
        assertThat(text(robot, Styles.ID_PLAN_STATUS)).startsWith("Fix the marked field");

        robot.doubleClickOn(budget).eraseText(4).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(error.isVisible()).isFalse();
        assertThat(text(robot, Styles.ID_PLAN_STATUS)).contains("17 of 17 hosts");
    }

    @Test
    void aSavedScenarioIsComparedWithThePlanOnScreenAndAStaleOneSaysSo(FxRobot robot) throws TimeoutException {
        robot.clickOn(robot.lookup(".tab-label").match((Label l) -> l.getText().equals("Scenarios (1)"))
                .queryAs(Node.class));
        robot.clickOn("#" + Styles.ID_PLAN_SCENARIO_NAME).write("default-policy");
        robot.clickOn("#" + Styles.ID_PLAN_SCENARIO_SAVE);
        TableView<ComparisonRow> table = robot.lookup("#" + Styles.ID_PLAN_COMPARISON).queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.readyProperty().get());

        assertThat(table.getItems().get(0).name()).isEqualTo(ComparisonRow.CURRENT);
        assertThat(table.getItems()).extracting(ComparisonRow::name)
                .containsExactlyInAnyOrder(ComparisonRow.CURRENT, "default-policy", "yesterday");
        ComparisonRow saved = table.getItems().stream().filter(r -> r.name().equals("default-policy")).findFirst()
                .orElseThrow();
        assertThat(saved.batches()).isEqualTo(7);
        assertThat(saved.note()).isEmpty();
        ComparisonRow yesterday = table.getItems().stream().filter(r -> r.name().equals("yesterday")).findFirst()
                .orElseThrow();
        assertThat(yesterday.note()).isEqualTo(Scenario.MISMATCH);
        assertThat(yesterday.batches()).as("as stored").isEqualTo(2);
        // the row's style follows its item on the next layout pulse, not with the item itself
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("." + Styles.PLAN_SCENARIO_STALE).queryAll().size() == 1);
        assertThat(robot.lookup(".tab-label").match((Label l) -> l.getText().equals("Scenarios (2)")).tryQuery())
                .isPresent();
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
    }
}
