package dev.headroom.ui.rollouts;

import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.rollout.StepState;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
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

/** A console opened on a store whose rollout was cut off mid-step drives it to the end by itself. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StartupResumeViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private ConsoleApp app;
    private RolloutStore store;
    private Rollout crashed;
    /** The crashed rollout's step states when the console opened: it starts driving at once. */
    private java.util.List<StepState> atOpen;

    @Start
    void start(Stage stage) throws IOException {
        store = RolloutStore.create(Files.createTempDirectory("headroom-rollouts-resume"), true);
        crashed = store.crashedAfter(5);
        atOpen = store.rollouts.steps(crashed.id()).stream().map(s -> s.state()).toList();
        app = new ConsoleApp(progress -> store.backend());
        app.start(stage);
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    @Test
    void anUnfinishedRolloutIsDrivenToDoneWhenTheConsoleOpens(FxRobot robot) throws TimeoutException {
        assertThat(crashed.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(atOpen).contains(StepState.STARTED);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            String s = robot.lookup("#" + Styles.ID_ROLLOUT_STATUS).queryAs(Label.class).getText();
            return s != null && s.contains("· done · resumed after restart ·");
        });

        Label banner = robot.lookup("#" + Styles.ID_ROLLOUT_BANNER).queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).isEqualTo("Rollout " + crashed.id() + " (night, account sandbox) was "
                + "unfinished when Headroom last stopped and is driven again: resumed after restart.");
        assertThat(store.rollouts.steps(crashed.id())).extracting(s -> s.state()).containsOnly(StepState.DONE);
        assertThat(store.rollouts.rollout(crashed.id()).status()).isEqualTo(RolloutStatus.DONE);
    }
}
