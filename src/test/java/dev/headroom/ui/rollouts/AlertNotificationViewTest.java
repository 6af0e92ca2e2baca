package dev.headroom.ui.rollouts;

import dev.headroom.fleet.EventService;
import dev.headroom.forecast.ForecastService;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryAuditLog;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.InMemoryScenarioRepository;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.ConsoleBackend;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
import dev.headroom.audit.AuditService;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** An alert raised while the page is open pops up in a ControlsFX notification and leaves the focus where it was. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class AlertNotificationViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private final FakeRolloutQueries fake = new FakeRolloutQueries();
    private ConsoleApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new ConsoleApp(progress -> {
            InMemoryFleetStore store = DemoFleet.store();
            ForecastService forecasts = DemoFleet.forecastService(store);
            AuditService audit = DemoFleet.auditService(new InMemoryAuditLog());
            return ConsoleBackend.of(DemoFleet.fleetService(store), forecasts, new EventService(store), store,
                    DemoFleet.graphService(store), DemoFleet.planScenarios(store, forecasts,
                            new InMemoryScenarioRepository(), audit), audit, DemoFleet.SANDBOX, fake, store);
        });
        app.start(stage);
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    @Test
    void aNewAlertIsNotifiedWithoutTakingTheFocus(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        TableView<?> table = robot.lookup("#" + Styles.ID_ROLLOUT_TABLE).queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.clickOn(table);
        WaitForAsyncUtils.waitForFxEvents();
        Node focused = stage.getScene().getFocusOwner();
        assertThat(focused).isSameAs(table);

        fake.alerts.add(new RolloutAlert("r1", Instant.parse("2026-11-23T01:10:00Z"), RolloutAlert.Severity.WARNING,
                "checkout", "Load is 30 % over the forecast's upper quantile. Watch the batch, or pause it."));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".notification-bar").tryQuery().isPresent());

        assertThat(robot.lookup((Label l) -> l.getText() != null && l.getText().startsWith("Load is 30 % over"))
                .tryQuery()).as("the notification's text").isPresent();
        assertThat(stage.getScene().getFocusOwner()).isSameAs(focused);
        assertThat(stage.isFocused()).isTrue();
        assertThat(robot.lookup("#" + Styles.ID_ROLLOUT_ALERTS).queryTableView().getItems()).hasSize(1);
    }
}
