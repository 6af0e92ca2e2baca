package dev.headroom.ui.audit;

import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditKind;
import dev.headroom.audit.AuditLog;
import dev.headroom.audit.AuditRecord;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryAuditLog;
import dev.headroom.ui.InMemoryScenarioRepository;
import dev.headroom.ui.app.ConsoleApp;
import dev.headroom.ui.app.Screenshots;
import dev.headroom.ui.common.Styles;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Audit page in the real console on the demo sandbox: wiring, not behaviour. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class AuditViewTest {
    static {
        Screenshots.useLargeHeadlessScreen();
    }

    private final InMemoryAuditLog stored = new InMemoryAuditLog();
    /** When set, the log reads back with record 2's detail rewritten, as a tampered database would. */
    private volatile boolean tampered;
    private ConsoleApp app;

    @Start
    void start(Stage stage) {
        Instant at = Instant.parse("2026-11-03T12:00:00Z");
        stored.append(new AuditEntry(at, DemoFleet.SANDBOX, "alice", AuditKind.SCENARIO, "night", "saved plan"));
        stored.append(new AuditEntry(at.plusSeconds(60), DemoFleet.SANDBOX, "bob", AuditKind.APPROVAL, "night",
                "approval 1"));
        stored.append(new AuditEntry(at.plusSeconds(120), DemoFleet.SANDBOX, "alice", AuditKind.GRAPH,
                "cart -> catalog", "edge reweighted"));
        AuditLog log = new AuditLog() {
            @Override
            public AuditRecord append(AuditEntry entry) {
                return stored.append(entry);
            }

            @Override
            public List<AuditRecord> records() {
                List<AuditRecord> records = new ArrayList<>(stored.records());
                if (tampered) {
                    AuditRecord r = records.get(1);
                    records.set(1, new AuditRecord(r.seq(), r.at(), r.account(), r.actor(), r.kind(), r.subject(),
                            "nothing to see", r.prevHash(), r.hash()));
                }
                return records;
            }
        };
        app = new ConsoleApp(progress -> DemoFleet.backend(DemoFleet.store(), new InMemoryScenarioRepository(), log));
        app.start(stage);
    }

    @BeforeEach
    void openTheAuditPage(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.readyProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.readyProperty().get());
    }

    @AfterEach
    void stopBackgroundWork() {
        app.stop();
    }

    private static Label label(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    @Test
    void showsTheRecordsNewestFirstAndFiltersThem(FxRobot robot) throws TimeoutException {
        assertThat(label(robot, Styles.ID_PAGE_TITLE).getText()).isEqualTo("Audit");
        TableView<AuditRecord> table = robot.lookup("#" + Styles.ID_AUDIT_TABLE).queryTableView();
        assertThat(table.getItems()).extracting(AuditRecord::seq).containsExactly(3L, 2L, 1L);
        assertThat(label(robot, Styles.ID_AUDIT_COUNT).getText()).isEqualTo("3 records");

        ChoiceBox<?> actor = robot.lookup("#" + Styles.ID_AUDIT_ACTOR).queryAs(ChoiceBox.class);
        assertThat(List.<Object>copyOf(actor.getItems())).containsExactly("all", "alice", "bob");
        assertThat(actor.getValue()).as("still shows the choice after the log was read").isEqualTo("all");
        robot.clickOn("#" + Styles.ID_AUDIT_TEXT).write("night");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).extracting(AuditRecord::seq).containsExactly(2L, 1L);

        robot.clickOn("#" + Styles.ID_AUDIT_FROM).write("noon");
        WaitForAsyncUtils.waitForFxEvents();
        Label timeError = label(robot, Styles.ID_AUDIT_TIME_ERROR);
        assertThat(timeError.isVisible()).isTrue();
        assertThat(timeError.getText()).startsWith("\"From\" is not a time: \"noon\".");
        assertThat(robot.lookup("#" + Styles.ID_ERROR_BANNER).query().isVisible()).isFalse();
    }

    @Test
    void openingThePageReadsNewRecordsAndCtrlCCopiesTheSelectedRows(FxRobot robot) throws Exception {
        stored.append(new AuditEntry(Instant.parse("2026-11-03T13:00:00Z"), DemoFleet.SANDBOX, "carol",
                AuditKind.OPERATOR_ACTION, "rollout 8", "paused"));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        TableView<AuditRecord> table = robot.lookup("#" + Styles.ID_AUDIT_TABLE).queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 4);
        assertThat(table.getItems().get(0).actor()).isEqualTo("carol");

        robot.interact(() -> {
            table.requestFocus();
            table.getSelectionModel().selectRange(0, 2);
        });
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        String[] copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get(5,
                TimeUnit.SECONDS).split("\n");
        assertThat(copied).hasSize(3);
        assertThat(copied[0]).startsWith("seq\tat\taccount");
        assertThat(copied[1]).startsWith("4\t2026-11-03T13:00:00Z\tsandbox\tcarol\toperator-action\trollout 8");
    }

    @Test
    void verifyShowsAnIntactChainAndThenTheFirstBrokenRecordInErrorStyle(FxRobot robot) throws TimeoutException {
        robot.clickOn("#" + Styles.ID_AUDIT_VERIFY);
        Label outcome = label(robot, Styles.ID_AUDIT_VERIFICATION);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !outcome.getText().isEmpty());
        assertThat(outcome.getText()).startsWith("Chain intact: 3 records, head 3:");
        assertThat(outcome.getStyleClass()).contains(Styles.AUDIT_INTACT).doesNotContain(Styles.AUDIT_BROKEN);

        tampered = true;
        robot.clickOn("#" + Styles.ID_AUDIT_VERIFY);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> outcome.getText().startsWith("Audit log broken"));
        assertThat(outcome.getText()).startsWith("Audit log broken at record 2: its content");
        assertThat(outcome.getStyleClass()).contains(Styles.AUDIT_BROKEN, Styles.ERROR_TEXT);
    }
}
