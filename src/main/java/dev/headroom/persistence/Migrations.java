package dev.headroom.persistence;

import org.sqlite.SQLiteConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema's history: {@code db/migration/V<n>__<what>.sql} resources, applied in order. The
 * schema version is SQLite's {@code PRAGMA user_version}, so it needs no table of its own and is
 * readable without knowing the schema (see docs/decisions/0001).
 */
public final class Migrations {
    /** Script names in order; script {@code i} (0-based) brings the schema to version {@code i + 1}. */
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__forecast_journal.sql",
            "V3__dependency_graph.sql", "V4__interval_levels_and_service_sizes.sql",
            "V5__response_time_slo_and_scenarios.sql",
            "V6__approvals_and_audit.sql", "V7__rollouts.sql", "V8__rollout_control.sql",
            "V9__sandbox_world.sql", "V10__rollout_learning.sql");

    /** The schema version this build writes and the newest it can read. */
    public static final int LATEST = SCRIPTS.size();

    private Migrations() {
    }

    /**
     * Brings a schema at version {@code from} to {@link #LATEST}. The caller holds the write
     * transaction, so a failing script leaves both schema and version as they were.
     */
    static void apply(Connection connection, int from) throws SQLException {
        for (int version = from + 1; version <= LATEST; version++) {
            String sql = script(version);
            // sqlite3_exec runs every statement of the script, unlike a prepared statement
            int rc = connection.unwrap(SQLiteConnection.class).getDatabase()._exec(sql);
            if (rc != 0) {
                throw new SQLException("migration " + SCRIPTS.get(version - 1) + " failed with SQLite code " + rc);
            }
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA user_version = " + version);
            }
        }
    }

    static String script(int version) {
        String name = "/db/migration/" + SCRIPTS.get(version - 1);
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
