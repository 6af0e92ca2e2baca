package dev.headroom.ui.app;

import dev.headroom.domain.HeadroomException;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.common.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The window is up before the engine is open, and a failed opening shows the banner with Retry. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StartupViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private static final String LOCKED = "The Headroom database is in use by another Headroom window. "
            + "Close that window, then press Retry.";

    private final CountDownLatch mayFinish = new CountDownLatch(1);
    private final AtomicInteger attempts = new AtomicInteger();
    private ConsoleApp app;

    @Start
    void start(Stage stage) {
        app = new ConsoleApp(progress -> {
            progress.progress(0.25, "Generating the sandbox fleet…");
            mayFinish.await(10, TimeUnit.SECONDS);
            if (attempts.incrementAndGet() == 1) {
                throw new HeadroomException(LOCKED, "SQLITE_BUSY", null);
            }
            return DemoFleet.backend();
        });
        app.start(stage);
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    @Test
    void windowCarriesTheApplicationIconInEverySize(FxRobot robot) {
        Stage stage = (Stage) robot.lookup("#" + Styles.ID_STATUS_MESSAGE).query().getScene().getWindow();
        assertThat(stage.getIcons()).hasSize(6).allSatisfy(icon -> assertThat(icon.isError()).isFalse());
        assertThat(stage.getIcons().get(5).getWidth()).isEqualTo(256);
        mayFinish.countDown();
    }

    @Test
    void showsProgressFirstThenTheOperatorMessageAndRetryOpens(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "Generating the sandbox fleet…".equals(
                robot.lookup("#" + Styles.ID_STATUS_MESSAGE).queryAs(Label.class).getText()));
        assertThat(robot.lookup("#" + Styles.ID_STARTUP).query().isVisible()).isTrue();

        mayFinish.countDown();
        Node banner = robot.lookup("#" + Styles.ID_ERROR_BANNER).query();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, banner::isVisible);
        assertThat(robot.lookup(LOCKED).tryQuery()).isPresent();

        robot.clickOn("#" + Styles.ID_RETRY);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.readyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(banner.isVisible()).isFalse();
        assertThat(attempts).hasValue(2);
        assertThat(robot.lookup("#" + Styles.ID_HOSTS_TABLE).queryTableView().getItems())
                .hasSize(DemoFleet.SANDBOX_HOSTS);
    }
}
