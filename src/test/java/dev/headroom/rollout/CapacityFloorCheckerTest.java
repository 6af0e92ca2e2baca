package dev.headroom.rollout;

import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker itself: silent on a correct history, and it names each kind of breach when the
 * stored history is altered to show one (two batches out at once, surge above the plan, a host or
 * a reservation left after the end). Plan: web-1 + web-2, web-3 + web-4, then db-1.
 */
class CapacityFloorCheckerTest {
    @TempDir
    Path dir;

    private Path run() {
        Path db = dir.resolve("headroom.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            CrashInvariants.TickingClock clock = new CrashInvariants.TickingClock(Instant.parse("2026-11-23T01:00:00Z"));
            RolloutTestData.setUp(store, clock, 2);
            Rollout end = SystematicCrashChild.run(store, clock, 0, line -> { });
            assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        }
        return db;
    }

    private static List<String> violations(Path db) {
        try (SqliteStore store = SqliteStore.open(db)) {
            return CapacityFloorChecker.check(store, db, RolloutTestData.ACCOUNT).violations();
        }
    }

    private static void sql(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql)).as(sql).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCorrectHistoryHasNoViolationAndItsPeaksAreTheBatchesOwn() {
        Path db = run();
        try (SqliteStore store = SqliteStore.open(db)) {
            CapacityFloorChecker.Report report = CapacityFloorChecker.assertHolds(store, db, RolloutTestData.ACCOUNT);
            assertThat(report.maxOutPerService()).containsEntry("web", 2).containsEntry("db", 1);
            assertThat(report.maxHeld()).containsEntry("web/eu-west-1/m6i.large", 2);
        }
    }

    @Test
    void theNextBatchStartingBeforeTheLastIsBackInServiceBreaksTheFloor() {
        Path db = run();
        // batch 2's first update started before batch 1's restore ended
        sql(db, "UPDATE rollout_step SET started_at = (SELECT started_at FROM rollout_step WHERE batch = 1 AND "
                + "kind = 'restore') WHERE batch = 2 AND kind = 'update' AND subject = 'web-3'");
        assertThat(violations(db)).anyMatch(v -> v.contains("hosts of several batches out of service at once"));
    }

    @Test
    void aReservationReleasedAfterTheNextBatchReservedBreaksTheCeiling() {
        Path db = run();
        sql(db, "UPDATE rollout_step SET finished_at = (SELECT finished_at FROM rollout_step WHERE batch = 2 AND "
                + "kind = 'release') WHERE batch = 1 AND kind = 'release'");
        assertThat(violations(db)).anyMatch(v -> v.contains("instances of web/eu-west-1/m6i.large held, the plan's "
                + "ceiling is 2"));
    }

    @Test
    void aHostNeverPutBackOrAReservationNeverReleasedIsReportedAfterTheEnd() {
        Path db = run();
        sql(db, "UPDATE rollout_step SET state = 'pending', finished_at = NULL WHERE batch = 3 AND kind IN "
                + "('restore', 'release')");
        sql(db, "UPDATE sandbox_reservation SET released_at = NULL WHERE reservation_key LIKE '%/b3/%'");
        List<String> violations = violations(db);
        assertThat(violations).anyMatch(v -> v.contains("with host db-1 still out of service"));
        assertThat(violations).anyMatch(v -> v.contains("still held"));
    }
}
