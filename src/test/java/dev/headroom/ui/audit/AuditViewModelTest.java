package dev.headroom.ui.audit;

import dev.headroom.audit.AuditChain;
import dev.headroom.audit.AuditEntry;
import dev.headroom.audit.AuditExport;
import dev.headroom.audit.AuditKind;
import dev.headroom.audit.AuditLog;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditService;
import dev.headroom.domain.HeadroomException;
import dev.headroom.ui.InMemoryAuditLog;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final InMemoryAuditLog log = new InMemoryAuditLog();

    /** Six records over three days, two accounts, three actors. */
    private AuditViewModel model() {
        append(T0, "sandbox", "alice", AuditKind.SCENARIO, "night", "saved heuristic plan");
        append(T0.plusSeconds(3600), "sandbox", "bob", AuditKind.APPROVAL, "night", "approval 1; note: change 4711");
        append(T0.plusSeconds(86_400), "prod-eu", "alice", AuditKind.GRAPH, "checkout -> payments", "edge added");
        append(T0.plusSeconds(86_400 + 60), "prod-eu", "headroom", AuditKind.LAUNCH, "night", "rollout 7 launched");
        append(T0.plusSeconds(2 * 86_400), "sandbox", "bob", AuditKind.REVOKE, "night", "approval 1 revoked");
        append(T0.plusSeconds(2 * 86_400 + 30), "prod-eu", "headroom", AuditKind.ALERT, "search-eu-1",
                "CPU 93 % against 71 % predicted");
        return model(log);
    }

    private AuditViewModel model(AuditLog from) {
        AuditViewModel vm = new AuditViewModel(new AuditService(from, Clock.fixed(T0, ZoneOffset.UTC)),
                new SameThreadRunner(), problems, activity);
        vm.load();
        return vm;
    }

    private void append(Instant at, String account, String actor, AuditKind kind, String subject, String detail) {
        log.append(new AuditEntry(at, account, actor, kind, subject, detail));
    }

    private static List<Long> seqs(AuditViewModel vm) {
        return vm.rows().stream().map(AuditRecord::seq).toList();
    }

    @Test
    void listsEveryRecordNewestFirstWithTheChoicesFoundInTheLog() {
        AuditViewModel vm = model();

        assertThat(seqs(vm)).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(vm.rowCountTextProperty().get()).isEqualTo("6 records");
        assertThat(vm.accounts()).containsExactly("all", "prod-eu", "sandbox");
        assertThat(vm.actors()).containsExactly("all", "alice", "bob", "headroom");
        assertThat(vm.kinds()).startsWith("all", "approval").contains("operator-action", "scenario");
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(activity.busyProperty().get()).isFalse();
    }

    @Test
    void aChosenAccountStaysChosenWhenTheLogIsReadAgain() {
        AuditViewModel vm = model();
        vm.accountProperty().set("prod-eu");
        append(T0.plusSeconds(3 * 86_400), "staging", "carol", AuditKind.OPERATOR_ACTION, "rollout 8", "paused");

        vm.load();

        assertThat(vm.accounts()).containsExactly("all", "prod-eu", "sandbox", "staging");
        assertThat(vm.accountProperty().get()).isEqualTo("prod-eu");
        assertThat(seqs(vm)).containsExactly(6L, 4L, 3L);
        assertThat(vm.rowCountTextProperty().get()).isEqualTo("3 of 7 records");
    }

    @Test
    void filtersByKindAccountActorAndText() {
        AuditViewModel vm = model();

        vm.kindProperty().set("approval");
        assertThat(seqs(vm)).containsExactly(2L);
        vm.kindProperty().set(AuditViewModel.ALL);

        vm.accountProperty().set("prod-eu");
        assertThat(seqs(vm)).containsExactly(6L, 4L, 3L);
        assertThat(vm.rowCountTextProperty().get()).isEqualTo("3 of 6 records");
        vm.accountProperty().set(AuditViewModel.ALL);

        vm.actorProperty().set("bob");
        assertThat(seqs(vm)).containsExactly(5L, 2L);
        vm.actorProperty().set(AuditViewModel.ALL);

        vm.textProperty().set("NIGHT");
        assertThat(seqs(vm)).as("subject, in any case").containsExactly(5L, 4L, 2L, 1L);
        vm.textProperty().set("approval 1");
        assertThat(seqs(vm)).as("every word, in the detail").containsExactly(5L, 2L);
        vm.textProperty().set("4711");
        assertThat(seqs(vm)).containsExactly(2L);
    }

    @Test
    void filtersByTimeRangeWithDaysIncludingTheirWholeDay() {
        AuditViewModel vm = model();

        vm.fromProperty().set("2026-11-21");
        assertThat(seqs(vm)).containsExactly(6L, 5L, 4L, 3L);
        vm.toProperty().set("2026-11-21");
        assertThat(seqs(vm)).containsExactly(4L, 3L);
        vm.fromProperty().set("2026-11-21 09:01");
        assertThat(seqs(vm)).containsExactly(4L);
        vm.fromProperty().set("");
        vm.toProperty().set("2026-11-20T10:00:00Z");
        assertThat(seqs(vm)).as("an exact end time includes itself").containsExactly(2L, 1L);
        assertThat(vm.timeErrorProperty().get()).isEmpty();
    }

    @Test
    void combinesFiltersAndClearsThemAll() {
        AuditViewModel vm = model();

        vm.accountProperty().set("sandbox");
        vm.actorProperty().set("bob");
        vm.fromProperty().set("2026-11-21");
        assertThat(seqs(vm)).containsExactly(5L);
        vm.kindProperty().set("approval");
        assertThat(seqs(vm)).isEmpty();
        assertThat(vm.rowCountTextProperty().get()).isEqualTo("0 of 6 records");

        vm.clearFilters();
        assertThat(seqs(vm)).hasSize(6);
    }

    @Test
    void aBadTimeSaysHowToWriteOneAndKeepsTheRowsShown() {
        AuditViewModel vm = model();
        vm.accountProperty().set("prod-eu");

        vm.fromProperty().set("yesterday");

        assertThat(vm.timeErrorProperty().get()).isEqualTo("\"From\" is not a time: \"yesterday\". Give a UTC time "
                + "as 2026-11-22 18:00, or a day as 2026-11-22, or leave it empty.");
        assertThat(seqs(vm)).containsExactly(6L, 4L, 3L);

        vm.fromProperty().set("2026-11-22");
        vm.toProperty().set("2026-11-21");
        assertThat(vm.timeErrorProperty().get()).contains("\"From\" is after \"To\"");

        vm.toProperty().set("");
        assertThat(vm.timeErrorProperty().get()).isEmpty();
        assertThat(seqs(vm)).containsExactly(6L);
    }

    @Test
    void verifyingAnIntactChainShowsItsHead() {
        AuditViewModel vm = model();
        vm.accountProperty().set("prod-eu");

        vm.verify();

        String head = log.records().get(5).hash();
        assertThat(vm.brokenProperty().get()).isFalse();
        assertThat(vm.verificationProperty().get()).startsWith("Chain intact: 6 records, head 6:" + head
                + " at 2026-11-22T09:00:30Z.");
        assertThat(vm.verifyingProperty().get()).isFalse();
    }

    @Test
    void readingALogThatGrewSinceClearsTheOutcomeOfTheLastVerification() {
        AuditViewModel vm = model();
        vm.verify();
        vm.load();
        assertThat(vm.verificationProperty().get()).as("same log").startsWith("Chain intact: 6 records");

        append(T0.plusSeconds(3 * 86_400), "sandbox", "carol", AuditKind.OPERATOR_ACTION, "rollout 8", "paused");
        vm.load();

        assertThat(vm.verificationProperty().get()).isEmpty();
        assertThat(vm.brokenProperty().get()).isFalse();
    }

    @Test
    void verifyingChecksTheCheckpointAndRefusesOneOfTheWrongForm() {
        AuditViewModel vm = model();

        vm.checkpointProperty().set("3:" + log.records().get(2).hash());
        vm.verify();
        assertThat(vm.verificationProperty().get()).contains("checkpoint 3 found unchanged");

        vm.checkpointProperty().set("9:" + "a".repeat(64));
        vm.verify();
        assertThat(vm.brokenProperty().get()).isTrue();
        assertThat(vm.verificationProperty().get()).startsWith("Audit log cut short at record 9: the log ends at "
                + "record 6");

        vm.checkpointProperty().set("head");
        vm.verify();
        assertThat(vm.checkpointErrorProperty().get()).startsWith("\"head\" is not a checkpoint. Give it as SEQ:HASH");
        vm.checkpointProperty().set("");
        assertThat(vm.checkpointErrorProperty().get()).isEmpty();
    }

    @Test
    void verifyingABrokenChainNamesTheFirstBrokenRecord() {
        model();
        List<AuditRecord> tampered = new ArrayList<>(log.records());
        AuditRecord third = tampered.get(2);
        // the detail was rewritten after the record was sealed: its hash no longer matches
        tampered.set(2, new AuditRecord(third.seq(), third.at(), third.account(), third.actor(), third.kind(),
                third.subject(), "nothing happened", third.prevHash(), third.hash()));
        AuditViewModel vm = model(fixed(tampered));

        vm.verify();

        assertThat(vm.brokenProperty().get()).isTrue();
        assertThat(vm.verificationProperty().get()).startsWith("Audit log broken at record 3: its content")
                .contains("Records 1 to 2 before it are intact.");
        assertThat(activity.messageProperty().get()).isEqualTo("Audit chain broken at record 3");
    }

    @Test
    void exportsTheRecordsShownInNumberOrderAsAuditExportWritesThem(@TempDir Path dir) throws IOException {
        AuditViewModel vm = model();
        vm.actorProperty().set("alice");
        List<AuditRecord> expected = List.of(log.records().get(0), log.records().get(2));

        vm.exportCsv(dir.resolve("a.csv"));
        vm.exportJson(dir.resolve("a.jsonl"));

        assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo(written(expected, AuditExport.Format.csv));
        assertThat(Files.readString(dir.resolve("a.jsonl"))).isEqualTo(written(expected, AuditExport.Format.json));
        assertThat(Files.readString(dir.resolve("a.csv"))).startsWith("seq,at,account,actor,kind,subject,detail,"
                + "prev_hash,hash\r\n1,2026-11-20T09:00:00Z,sandbox,alice,scenario,");
        assertThat(activity.messageProperty().get()).isEqualTo("2 audit records written to " + dir.resolve("a.jsonl"));
        assertThat(vm.exportName(AuditExport.Format.json)).isEqualTo("audit.jsonl");
        vm.kindProperty().set("graph");
        assertThat(vm.exportName(AuditExport.Format.csv)).isEqualTo("audit-graph.csv");
    }

    @Test
    void anExportThatCannotBeWrittenSaysWhatToDo(@TempDir Path dir) {
        AuditViewModel vm = model();

        vm.exportCsv(dir.resolve("missing").resolve("a.csv"));

        assertThat(problems.messageProperty().get()).isEqualTo("Could not write the audit records to "
                + dir.resolve("missing").resolve("a.csv") + ": the folder does not exist. Choose a folder you can "
                + "write to and export again.");
        assertThat(problems.retryProperty().get()).isNotNull();
    }

    @Test
    void aLogThatCannotBeReadIsReportedWithRetry() {
        AuditLog failing = new AuditLog() {
            @Override
            public AuditRecord append(AuditEntry entry) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<AuditRecord> records() {
                throw new HeadroomException("The audit log could not be read: the database is locked. Close other "
                        + "Headroom windows, then press Retry.");
            }
        };

        AuditViewModel vm = model(failing);

        assertThat(problems.messageProperty().get()).startsWith("The audit log could not be read");
        assertThat(problems.retryProperty().get()).isNotNull();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void copiedRowsAreTabSeparatedWithAHeader() {
        AuditViewModel vm = model();

        String text = AuditViewModel.clipboardText(List.of(vm.rows().get(5)));

        AuditRecord first = log.records().get(0);
        assertThat(text).isEqualTo("seq\tat\taccount\tactor\tkind\tsubject\tdetail\tprev_hash\thash\n"
                + "1\t2026-11-20T09:00:00Z\tsandbox\talice\tscenario\tnight\tsaved heuristic plan\t"
                + AuditChain.GENESIS + "\t" + first.hash() + "\n");
    }

    private static String written(List<AuditRecord> records, AuditExport.Format format) {
        StringWriter out = new StringWriter();
        AuditExport.write(records, format, out);
        return out.toString();
    }

    /** A log that holds exactly these records, as a tampered database would. */
    private static AuditLog fixed(List<AuditRecord> records) {
        return new AuditLog() {
            @Override
            public AuditRecord append(AuditEntry entry) {
                throw new UnsupportedOperationException("read-only");
            }

            @Override
            public List<AuditRecord> records() {
                return List.copyOf(records);
            }
        };
    }
}
