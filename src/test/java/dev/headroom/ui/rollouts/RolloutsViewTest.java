package dev.headroom.ui.rollouts;

import dev.headroom.rollout.Rollout;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Rollouts page in the real console on a real store ({@link RolloutStore}) holding a paused
 * rollout of the approved scenario "night": wiring of the controls, dialogs and live progress.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class RolloutsViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private ConsoleApp app;
    private Rollout paused;

    @Start
    void start(Stage stage) throws IOException {
        RolloutStore store = RolloutStore.create(Files.createTempDirectory("headroom-rollouts-view"), true);
        paused = store.launched();
        store.rollouts.pause(paused.id(), "operator-olu");
        app = new ConsoleApp(progress -> store.backend());
        app.start(stage);
    }

    @BeforeEach
    void openTheRolloutsPage(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status(robot).contains("paused"));
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    private static String status(FxRobot robot) {
        String text = robot.lookup("#" + Styles.ID_ROLLOUT_STATUS).queryAs(Label.class).getText();
        return text == null ? "" : text;
    }

    private static Button dialogButton(FxRobot robot, String text) {
        return robot.lookup(".dialog-pane .button").match((Button b) -> text.equals(b.getText())).queryButton();
    }

    @Test
    void abortAsksFirstNamingWhatWillHappenAndCancelChangesNothing(FxRobot robot) throws TimeoutException {
        assertThat(robot.lookup("#" + Styles.ID_ROLLOUT_WAITING).queryAs(Label.class).getText())
                .startsWith("Rollout " + paused.id() + " (night, paused) waits for an operator");

        robot.clickOn("#" + Styles.ID_ROLLOUT_ABORT);
        DialogPane dialog = robot.lookup("#" + Styles.ID_ROLLOUT_CONFIRM).queryAs(DialogPane.class);
        assertThat(dialog.getContentText()).startsWith("Abort rollout " + paused.id() + " of scenario night? Every "
                + "pending step is skipped, every reservation still held is released");
        assertThat(dialogButton(robot, "Cancel").isDefaultButton()).as("Enter does not abort").isTrue();
        robot.clickOn(dialogButton(robot, "Cancel"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + Styles.ID_ROLLOUT_CONFIRM).tryQuery()).isEmpty();
        assertThat(status(robot)).contains("· paused ·");

        robot.clickOn("#" + Styles.ID_ROLLOUT_ABORT);
        robot.clickOn(dialogButton(robot, "Abort the rollout"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status(robot).contains("· aborted ·"));
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
        assertThat(robot.lookup("." + HostState.SKIPPED.styleClass()).queryAll())
                .as("the hosts never updated are skipped (and the legend shows the state)").hasSizeGreaterThan(3);
    }

    @Test
    void resumeThenLaunchingTheApprovedPlanShowsItProgressToDone(FxRobot robot) throws TimeoutException {
        robot.clickOn("#" + Styles.ID_ROLLOUT_RESUME);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status(robot).contains("· done ·"));

        robot.clickOn("#" + Styles.ID_ROLLOUT_LAUNCH);
        robot.clickOn(dialogButton(robot, "Launch"));
        TableView<?> table = robot.lookup("#" + Styles.ID_ROLLOUT_TABLE).queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status(robot).contains("· done ·")
                && !status(robot).contains(paused.id() + " "));

        Node batches = robot.lookup("#" + Styles.ID_ROLLOUT_BATCHES).query();
        assertThat(robot.from(batches).lookup("." + Styles.ROLLOUT_BATCH).queryAll()).hasSize(2);
        assertThat(robot.from(batches).lookup("." + Styles.ROLLOUT_BATCH + " ." + Styles.ROLLOUT_HOST)
                .queryAllAs(Label.class)).extracting(Label::getText).containsExactly("web-2", "web-1", "db-1");
        assertThat(robot.from(batches).lookup("." + Styles.ROLLOUT_BATCH + " ." + HostState.HEALTHY.styleClass())
                .queryAll()).hasSize(3);
        assertThat(robot.lookup("#" + Styles.ID_ROLLOUT_COST).queryAs(Label.class).getText())
                .startsWith("0 of 2 reservations held · cost so far $0.70");
        assertThat(robot.lookup("#" + Styles.ID_ROLLOUT_SUMMARY_TEXT).queryAs(Label.class).getText())
                .startsWith("No load checks were recorded");
        assertThat(robot.lookup("#" + Styles.ID_ROLLOUT_LAUNCH).queryButton().isDisabled())
                .as("enabled again once the rollout ended").isFalse();
    }
}
