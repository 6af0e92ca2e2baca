package dev.headroom.ui.rollouts;

import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
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
 * A rollout held by the engine after an operator's rollback of batch 1 (a real store and driver):
 * the held batch shows why it waits and its own Resume, and its hosts queued again show as the
 * batch's next part, "Batch 1.1".
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class HeldBatchViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private ConsoleApp app;
    private RolloutStore store;
    private Rollout held;

    @Start
    void start(Stage stage) throws IOException {
        store = RolloutStore.create(Files.createTempDirectory("headroom-held-view"), true);
        // batch 1 reserved and updated web-2; then an operator rolls it back and the driver holds
        Rollout r = store.crashedAfter(4);
        store.rollouts.rollbackBatch(r.id(), 1, "operator-olu");
        store.rollouts.drive(r.id(), line -> { });
        held = store.rollouts.rollout(r.id());
        app = new ConsoleApp(progress -> store.backend());
        app.start(stage);
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    @Test
    void theHeldBatchSaysWhyAndItsResumeRunsTheQueuedPartToDone(FxRobot robot) throws TimeoutException {
        assertThat(held.status()).as(held.detail()).isEqualTo(RolloutStatus.PAUSED);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#" + Styles.ID_ROLLOUT_HOLD_RESUME)
                .tryQuery().isPresent());

        Node batches = robot.lookup("#" + Styles.ID_ROLLOUT_BATCHES).query();
        assertThat(robot.from(batches).lookup("." + Styles.ROLLOUT_BATCH_TITLE).queryAllAs(Label.class))
                .extracting(Label::getText).containsExactly("Batch 1 of 2", "Batch 1.1 of 2", "Batch 2 of 2");
        assertThat(robot.from(batches).lookup("." + Styles.ROLLOUT_HOLD).queryAs(Label.class).getText())
                .isEqualTo(held.detail()).contains("rolled back");
        assertThat(robot.from(batches).lookup("." + Styles.ROLLOUT_BATCH + "." + HostState.HELD.styleClass())
                .queryAll()).hasSize(1);

        Button resume = robot.lookup("#" + Styles.ID_ROLLOUT_HOLD_RESUME).queryButton();
        assertThat(resume.isDisabled()).isFalse();
        robot.clickOn(resume);

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> store.rollouts.rollout(held.id()).status()
                == RolloutStatus.DONE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#" + Styles.ID_ROLLOUT_HOLD_RESUME)
                .tryQuery().isEmpty());
    }
}
