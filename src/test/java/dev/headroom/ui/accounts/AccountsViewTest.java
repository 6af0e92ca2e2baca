package dev.headroom.ui.accounts;

import dev.headroom.audit.AuditService;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.EventService;
import dev.headroom.fleet.FleetService;
import dev.headroom.fleet.FleetStore;
import dev.headroom.forecast.ForecastService;
import dev.headroom.graph.GraphService;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.ConsoleBackend;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Accounts page in the real console over scripted account operations: wiring, not behaviour. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class AccountsViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private final ScriptedAccounts operations = new ScriptedAccounts()
            .with(ScriptedAccounts.account(DemoFleet.SANDBOX, AccountKind.SANDBOX, Map.of()))
            .with(ScriptedAccounts.account("metrics", AccountKind.PROMETHEUS, Map.of("url", "http://prometheus:9090",
                    "mapping", "{\n  \"instance\": \"host\"\n}")));
    /** Holds the sync half-way until the test has seen its progress. */
    private final CountDownLatch syncMayEnd = new CountDownLatch(1);
    private ConsoleApp app;

    @Start
    void start(Stage stage) {
        operations.duringSync = name -> {
            try {
                syncMayEnd.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        app = new ConsoleApp(progress -> withAccounts(DemoFleet.backend(), operations));
        app.start(stage);
    }

    @BeforeEach
    void openTheAccountsPage(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.readyProperty().get());
    }

    @AfterEach
    void stopBackgroundWork() {
        syncMayEnd.countDown();
        app.stop();
    }

    private static Label label(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup("#" + id).tryQuery().map(n -> n.isVisible()).orElse(false);
    }

    private static void select(FxRobot robot, String account) {
        TableView<AccountsViewModel.AccountRow> table = robot.lookup("#" + Styles.ID_ACCOUNTS_TABLE).queryTableView();
        robot.interact(() -> table.getItems().stream().filter(r -> r.name().equals(account)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r)));
    }

    @Test
    void syncRunsInTheBackgroundWithProgressAndARefusedSaveSaysWhy(FxRobot robot) throws TimeoutException {
        assertThat(label(robot, Styles.ID_PAGE_TITLE).getText()).isEqualTo("Accounts");
        TableView<AccountsViewModel.AccountRow> table = robot.lookup("#" + Styles.ID_ACCOUNTS_TABLE).queryTableView();
        assertThat(table.getItems()).extracting(AccountsViewModel.AccountRow::status)
                .containsExactly("ok", "not synced yet");
        select(robot, "metrics");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label(robot, Styles.ID_ACCOUNT_TITLE).getText()).isEqualTo("metrics (prometheus)");

        robot.clickOn("#" + Styles.ID_ACCOUNT_SYNC);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(robot, Styles.ID_ACCOUNT_SYNC_PROGRESS));
        assertThat(robot.lookup("#" + Styles.ID_ACCOUNT_SYNC).queryButton().isDisabled()).isTrue();
        syncMayEnd.countDown();
        Label outcome = label(robot, Styles.ID_ACCOUNT_OUTCOME);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> outcome.getText().startsWith("Synced metrics"));
        assertThat(shown(robot, Styles.ID_ACCOUNT_SYNC_PROGRESS)).isFalse();
        assertThat(robot.lookup("#" + Styles.ID_ACCOUNT_SYNC).queryButton().isDisabled()).isFalse();
        assertThat(table.getItems()).extracting(AccountsViewModel.AccountRow::status).containsExactly("ok", "ok");

        TableView<SettingRow> settings = robot.lookup("#" + Styles.ID_ACCOUNT_SETTINGS).queryTableView();
        robot.interact(() -> settings.getSelectionModel().select(1));
        TextArea value = robot.lookup("#" + Styles.ID_ACCOUNT_SETTING_VALUE).queryAs(TextArea.class);
        assertThat(value.getText()).isEqualTo("http://prometheus:9090");
        robot.interact(() -> value.setText("not-a-url"));
        robot.clickOn("#" + Styles.ID_ACCOUNT_SAVE);
        Label refused = label(robot, Styles.ID_ACCOUNT_DETAIL_ERROR);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !refused.getText().isEmpty());
        assertThat(refused.getText()).endsWith("Nothing was saved; the stored settings are unchanged.");
        assertThat(operations.stored.get("metrics").settings()).containsEntry("url", "http://prometheus:9090");
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
    }

    @Test
    void anAddThatIsRefusedShowsTheMessageByTheFormAndClearsTheSecret(FxRobot robot) throws TimeoutException {
        operations.failAdd = new HeadroomException("Account \"prod\" is of kind prometheus, which this version of "
                + "Headroom cannot connect to yet.");
        robot.clickOn("#" + Styles.ID_ACCOUNT_ADD);
        assertThat(shown(robot, Styles.ID_ADD_FORM)).isTrue();
        robot.clickOn("#" + Styles.ID_ADD_NAME).write("prod");
        robot.clickOn("#" + Styles.ID_ADD_URL).write("http://prometheus:9090");
        robot.clickOn("#" + Styles.ID_ADD_SECRET).write("t0ken");
        robot.clickOn("#" + Styles.ID_ADD_SUBMIT);

        Label error = label(robot, Styles.ID_ADD_ERROR);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !error.getText().isEmpty());
        assertThat(error.getText()).isEqualTo("Account \"prod\" is of kind prometheus, which this version of Headroom "
                + "cannot connect to yet.");
        assertThat(robot.lookup("#" + Styles.ID_ADD_SECRET).queryAs(PasswordField.class).getText()).isEmpty();
        assertThat(shown(robot, Styles.ID_ADD_FORM)).isTrue();

        operations.failAdd = null;
        robot.clickOn("#" + Styles.ID_ADD_SUBMIT);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !shown(robot, Styles.ID_ADD_FORM));
        assertThat(label(robot, Styles.ID_ACCOUNT_TITLE).getText()).isEqualTo("prod (prometheus)");
        assertThat(operations.secrets).as("the secret was typed once and cleared after the refused add").isEmpty();
    }

    @Test
    void removeAsksNamingTheAccountAndCancelKeepsIt(FxRobot robot) throws TimeoutException {
        select(robot, "metrics");
        robot.clickOn("#" + Styles.ID_ACCOUNT_REMOVE);
        DialogPane dialog = robot.lookup("#" + Styles.ID_ACCOUNT_REMOVE_CONFIRM).queryAs(DialogPane.class);
        assertThat(dialog.getContentText()).startsWith("Remove account \"metrics\" (prometheus)? Everything Headroom "
                + "stored for it is deleted");
        robot.clickOn(dialogButton(robot, "Cancel"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(operations.stored).containsKey("metrics");

        robot.clickOn("#" + Styles.ID_ACCOUNT_REMOVE);
        robot.clickOn(dialogButton(robot, "Remove the account"));
        TableView<?> table = robot.lookup("#" + Styles.ID_ACCOUNTS_TABLE).queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertThat(operations.stored).containsOnlyKeys(DemoFleet.SANDBOX);
    }

    private static Button dialogButton(FxRobot robot, String text) {
        return robot.lookup(".dialog-pane .button").match((Button b) -> text.equals(b.getText())).queryButton();
    }

    /** {@code backend} with its accounts replaced by {@code accounts}. */
    static ConsoleBackend withAccounts(ConsoleBackend backend, AccountOperations accounts) {
        return new ConsoleBackend() {
            @Override
            public FleetService fleet() {
                return backend.fleet();
            }

            @Override
            public ForecastService forecasts() {
                return backend.forecasts();
            }

            @Override
            public EventService events() {
                return backend.events();
            }

            @Override
            public FleetStore store() {
                return backend.store();
            }

            @Override
            public GraphService graph() {
                return backend.graph();
            }

            @Override
            public PlanScenarios planScenarios() {
                return backend.planScenarios();
            }

            @Override
            public AuditService audit() {
                return backend.audit();
            }

            @Override
            public String defaultAccount() {
                return backend.defaultAccount();
            }

            @Override
            public AccountOperations accounts() {
                return accounts;
            }

            @Override
            public void close() {
                backend.close();
            }
        };
    }
}
