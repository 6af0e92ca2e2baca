package dev.headroom.persistence;

import dev.headroom.audit.AuditChain;
import dev.headroom.audit.AuditFilter;
import dev.headroom.audit.AuditKind;
import dev.headroom.audit.AuditRecord;
import dev.headroom.audit.AuditService;
import dev.headroom.audit.AuditVerification;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log in a real SQLite file, tampered with the way someone with the file would: raw SQL
 * through another connection while Headroom is closed, then Headroom opens it again and verifies.
 */
class SqliteAuditLogTest {
    private static final int RECORDS = 5;
    private static final List<String> FIELDS = List.of("at", "account", "actor", "kind", "subject", "detail",
            "prev_hash", "hash");

    @TempDir
    Path dir;
    private Path file;
    private SqliteStore store;
    private AuditService audit;
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T18:00:00Z"));

    @BeforeEach
    void fillLog() {
        file = dir.resolve("headroom.db");
        open();
        for (int i = 1; i <= RECORDS; i++) {
            audit.record(i % 2 == 0 ? "prod" : "shop", i % 3 == 0 ? "bob" : "alice",
                    i == 1 ? AuditKind.APPROVAL : AuditKind.SCENARIO, "night-" + i, "detail of record " + i);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private void open() {
        store = SqliteStore.open(file);
        audit = new AuditService(new SqliteAuditLog(store), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Closes Headroom's store, runs {@code sql} on the file through a plain connection, and opens it again. */
    private void tamper(String... sql) {
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (String s : sql) {
                try (PreparedStatement p = c.prepareStatement(s)) {
                    p.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        open();
    }

    private List<AuditRecord> records() {
        return audit.records(AuditFilter.ALL);
    }

    private AuditVerification verify() {
        return audit.verify(Optional.empty());
    }

    @Test
    void recordsAreNumberedFromOneAndEachLinksToTheOneBefore() {
        List<AuditRecord> records = records();
        assertThat(records).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        for (int i = 1; i < RECORDS; i++) {
            assertThat(records.get(i).prevHash()).isEqualTo(records.get(i - 1).hash());
        }
        assertThat(records.get(2).actor()).isEqualTo("bob");
        assertThat(records.get(0).kind()).isEqualTo("approval");
        assertThat(records.get(4).at()).isEqualTo("2026-11-22T18:04:00Z");
        AuditVerification v = verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.message()).startsWith("chain intact: 5 records, head " + records.get(4).hash());
    }

    @Test
    void theChainGoesOnAfterReopening() {
        tamper();
        audit.record("shop", "carol", AuditKind.REVOKE, "night-1", "revoked approval 1");
        List<AuditRecord> records = records();
        assertThat(records).hasSize(6);
        assertThat(records.get(5).prevHash()).isEqualTo(records.get(4).hash());
        assertThat(verify().intact()).isTrue();
    }

    static Stream<Arguments> everyFieldOfEveryRecord() {
        return IntStream.rangeClosed(1, RECORDS).boxed()
                .flatMap(seq -> FIELDS.stream().map(field -> Arguments.of(seq, field)));
    }

    @ParameterizedTest(name = "record {0}, {1}")
    @MethodSource("everyFieldOfEveryRecord")
    void changingAnyFieldOfAnyRecordIsFoundAtThatRecord(int seq, String field) {
        String value = switch (field) {
            case "at" -> "'2026-11-22T17:00:00Z'";
            case "prev_hash", "hash" -> "'" + "ab".repeat(32) + "'";
            default -> field + " || 'x'";
        };
        tamper("UPDATE audit SET " + field + " = " + value + " WHERE seq = " + seq);
        AuditVerification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).contains((long) seq);
        assertThat(v.intactRecords()).isEqualTo(seq - 1);
        assertThat(v.message()).startsWith("audit log broken at record " + seq + ": ");
    }

    @Test
    void aChangedRecordWhoseHashWasRecomputedBreaksTheLinkOfTheNext() {
        AuditRecord r = records().get(2);
        String forged = AuditChain.hash(r.prevHash(), 3, r.at(), r.account(), r.actor(), r.kind(), r.subject(),
                "nothing to see");
        tamper("UPDATE audit SET detail = 'nothing to see', hash = '" + forged + "' WHERE seq = 3");
        AuditVerification v = verify();
        assertThat(v.brokenAt()).contains(4L);
        assertThat(v.message()).contains("record 4: it does not link to record 3 before it");
    }

    @ParameterizedTest(name = "record {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void deletingARecordIsFound(int seq) {
        tamper("DELETE FROM audit WHERE seq = " + seq);
        AuditVerification v = verify();
        assertThat(v.brokenAt()).contains((long) seq);
        assertThat(v.message()).contains(seq == 1 ? "the log starts at record 2: record 1 was deleted"
                : "it is missing: the log goes from record " + (seq - 1) + " to record " + (seq + 1));
    }

    @Test
    void deletingARecordAndRenumberingTheRestIsFound() {
        tamper("DELETE FROM audit WHERE seq = 3", "UPDATE audit SET seq = seq - 1 WHERE seq > 3");
        AuditVerification v = verify();
        assertThat(v.brokenAt()).contains(3L);
        assertThat(v.message()).contains("record 3: it holds what was written as record 4");
    }

    @Test
    void swappingTwoRecordsIsFoundAsReordering() {
        tamper("UPDATE audit SET seq = -1 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 4",
                "UPDATE audit SET seq = 4 WHERE seq = -1");
        AuditVerification v = verify();
        assertThat(v.brokenAt()).contains(2L);
        assertThat(v.message()).contains("record 2: it holds what was written as record 4: records were reordered");
    }

    @Test
    void swappingTheContentOfTwoRecordsIsFound() {
        String columns = "at, account, actor, kind, subject, detail";
        tamper("CREATE TEMP TABLE a AS SELECT " + columns + " FROM audit WHERE seq = 2",
                "CREATE TEMP TABLE b AS SELECT " + columns + " FROM audit WHERE seq = 4",
                "UPDATE audit SET (" + columns + ") = (SELECT " + columns + " FROM b) WHERE seq = 2",
                "UPDATE audit SET (" + columns + ") = (SELECT " + columns + " FROM a) WHERE seq = 4");
        assertThat(records().get(1).detail()).isEqualTo("detail of record 4");
        AuditVerification v = verify();
        assertThat(v.brokenAt()).contains(2L);
        assertThat(v.message()).contains("record 2: its content (time, account, actor, kind, subject or detail) "
                + "or its stored hash was changed");
    }

    /** The limit of a chain: what is left after cutting the end is whole; a noted head shows the cut. */
    @Test
    void truncatingTheEndLeavesAWholeChainThatOnlyACheckpointExposes() {
        AuditChain.Checkpoint head = verify().headCheckpoint().orElseThrow();
        tamper("DELETE FROM audit WHERE seq >= 4");
        assertThat(verify().intact()).isTrue();
        assertThat(verify().message()).startsWith("chain intact: 3 records");
        AuditVerification v = audit.verify(Optional.of(head));
        assertThat(v.intact()).isFalse();
        assertThat(v.message()).startsWith("audit log cut short at record 5: the log ends at record 3 but checkpoint 5 "
                + "was noted earlier: records 4 to 5 were removed from the end");
    }

    @Test
    void rewritingTheWholeTailWithNewHashesIsOnlyExposedByACheckpoint() {
        AuditChain.Checkpoint head = verify().headCheckpoint().orElseThrow();
        List<AuditRecord> records = records();
        String prev = records.get(1).hash();
        String[] sql = new String[3];
        for (int seq = 3; seq <= RECORDS; seq++) {
            AuditRecord r = records.get(seq - 1);
            String detail = seq == 3 ? "rewritten" : r.detail();
            String hash = AuditChain.hash(prev, seq, r.at(), r.account(), r.actor(), r.kind(), r.subject(), detail);
            sql[seq - 3] = "UPDATE audit SET detail = '" + detail + "', prev_hash = '" + prev + "', hash = '" + hash
                    + "' WHERE seq = " + seq;
            prev = hash;
        }
        tamper(sql);
        assertThat(verify().intact()).isTrue();
        assertThat(audit.verify(Optional.of(head)).message())
                .contains("record 5 no longer has the hash noted in the checkpoint");
    }
}
