package dev.headroom.persistence;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.fleet.FleetStoreContractTest;
import dev.headroom.fleet.StoreTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class SqliteStoreTest extends FleetStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected FleetStore openEmptyStore() {
        return SqliteStore.open(dir.resolve("contract").resolve("headroom.db"));
    }

    @Test
    void openCreatesMissingFoldersAndMigratesToTheLatestSchema() throws SQLException {
        Path file = dir.resolve("a/b/headroom.db");
        try (SqliteStore s = SqliteStore.open(file)) {
            assertThat(s.file()).isEqualTo(file.toAbsolutePath());
        }

        assertThat(userVersion(file)).isEqualTo(Migrations.LATEST);
        assertThat(tables(file)).contains("account", "host", "host_service", "series", "series_chunk", "policy");
    }

    @Test
    void reopeningKeepsDataAndSchemaVersion() throws SQLException {
        Path file = dir.resolve("headroom.db");
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        try (SqliteStore s = SqliteStore.open(file)) {
            s.replace(snapshot);
        }

        try (SqliteStore s = SqliteStore.open(file)) {
            assertThat(s.load("prod-eu", true)).contains(snapshot);
        }
        assertThat(userVersion(file)).isEqualTo(Migrations.LATEST);
    }

    @Test
    void connectionUsesWalFullSyncAndForeignKeys() {
        SqliteStore s = (SqliteStore) store;

        assertThat(s.pragma("journal_mode")).isEqualTo("wal");
        assertThat(s.pragma("synchronous")).isEqualTo("2");
        assertThat(s.pragma("foreign_keys")).isEqualTo("1");
        assertThat(s.pragma("busy_timeout")).isEqualTo("2000");
    }

    @Test
    void latestReadsChunksThroughTheFirstPresentIndex() throws SQLException {
        store.replace(StoreTestData.snapshot().build());
        Path file = ((SqliteStore) store).file();

        List<String> plan = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("EXPLAIN QUERY PLAN SELECT s.host_id FROM series s "
                     + "JOIN series_chunk c ON c.series_id = s.id WHERE s.account = 'prod-eu' AND s.metric = 'cpu' "
                     + "AND c.first_present = (SELECT max(c2.first_present) FROM series_chunk c2 "
                     + "WHERE c2.series_id = s.id AND c2.first_present <= 100)")) {
            while (r.next()) {
                plan.add(r.getString("detail"));
            }
        }

        assertThat(plan).noneMatch(d -> d.startsWith("SCAN c"));
        assertThat(String.join("\n", plan)).contains("series_chunk_by_first_present");
    }

    @Test
    void replaceThatFailsHalfWayKeepsThePreviousContent() {
        AtomicBoolean failOnChunks = new AtomicBoolean();
        Path file = dir.resolve("atomic/headroom.db");
        AccountSnapshot before = StoreTestData.snapshot().build();
        try (SqliteStore s = SqliteStore.open(file, table -> {
            if (failOnChunks.get() && table.equals("series_chunk")) {
                throw new IllegalStateException("injected failure before " + table);
            }
        })) {
            s.replace(before);
            failOnChunks.set(true);

            assertThatThrownBy(() -> s.replace(StoreTestData.snapshot().seed(8).days(1).build()))
                    .hasMessageContaining("injected failure");

            assertThat(s.load("prod-eu", true)).contains(before);
            failOnChunks.set(false);
            AccountSnapshot after = StoreTestData.snapshot().seed(8).days(1).build();
            s.replace(after);
            assertThat(s.load("prod-eu", true)).contains(after);
        }
    }

    @Test
    void replaceThatBreaksAConstraintKeepsThePreviousContentAndSaysWhichAccount() {
        AccountSnapshot before = StoreTestData.snapshot().build();
        store.replace(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ((SqliteStore) store).file());
             Statement s = c.createStatement()) {
            // an outside change that makes the next replace fail late, on its last table
            s.execute("CREATE TRIGGER no_chunks BEFORE INSERT ON series_chunk BEGIN SELECT RAISE(ABORT, 'refused'); END");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }

        HeadroomException e = catchThrowableOfType(HeadroomException.class,
                () -> store.replace(StoreTestData.snapshot().seed(4).build()));

        assertThat(e.operatorMessage()).contains("\"prod-eu\"", "is unchanged");
        assertThat(store.load("prod-eu", true)).contains(before);
    }

    @Test
    void newerSchemaIsRefusedAndTheFileLeftByteIdentical() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE future (x)");
            s.execute("PRAGMA user_version = " + (Migrations.LATEST + 1));
        }
        String hash = sha256(file);

        HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

        assertThat(e.operatorMessage()).contains(file.toAbsolutePath().toString(), "newer version of Headroom",
                "schema " + (Migrations.LATEST + 1), "knows up to " + Migrations.LATEST, "--data-dir");
        assertThat(sha256(file)).isEqualTo(hash);
        assertThat(userVersion(file)).isEqualTo(Migrations.LATEST + 1);
    }

    @Test
    void garbageFileIsReportedAsDamagedAndLeftAlone() throws Exception {
        Path file = dir.resolve("headroom.db");
        byte[] garbage = new byte[8192];
        new Random(1).nextBytes(garbage);
        Files.write(file, garbage);

        HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

        assertThat(e.operatorMessage()).contains(file.toAbsolutePath().toString(), "is damaged",
                "has not changed it", "Restore it from a backup");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void databaseWithADamagedPageIsReportedAsDamagedAndLeftAlone() throws Exception {
        Path file = dir.resolve("headroom.db");
        try (SqliteStore s = SqliteStore.open(file)) {
            s.replace(StoreTestData.snapshot().days(10).build());
        }
        int pageSize = 4096;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            assertThat(raf.length()).isGreaterThan(20L * pageSize);
            // smash the b-tree page header of a page in the middle of the file
            raf.seek(10L * pageSize);
            raf.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                    (byte) 0xFF});
        }
        String hash = sha256(file);

        HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

        assertThat(e.operatorMessage()).contains(file.toAbsolutePath().toString(), "is damaged");
        assertThat(sha256(file)).isEqualTo(hash);
    }

    @Test
    void databaseWrittenByAnotherProgramIsReportedAsInUseWithinSeconds() throws Exception {
        Path file = dir.resolve("headroom.db");
        SqliteStore.open(file).close();
        assertLockedOpenFails(file);
    }

    @Test
    void lockedDatabaseInRollbackJournalModeIsReportedAsInUseToo() throws Exception {
        Path file = dir.resolve("plain.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE other (x)");
        }
        assertLockedOpenFails(file);
    }

    private static void assertLockedOpenFails(Path file) throws SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            s.execute("CREATE TABLE holding_the_lock (x)");
            long started = System.nanoTime();

            HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(e.operatorMessage()).contains(file.toAbsolutePath().toString(), "in use by another program");
            assertThat(seconds).isLessThan(5);
            s.execute("ROLLBACK");
        }
    }

    @Test
    void readOnlyFileIsRefusedBeforeSqliteOpensIt() throws Exception {
        Path file = dir.resolve("headroom.db");
        SqliteStore.open(file).close();
        String hash = sha256(file);
        assertThat(file.toFile().setWritable(false, false)).isTrue();
        assumeFalse(Files.isWritable(file), "permission bits are not enforced for this user (root)");

        HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

        assertThat(e.operatorMessage()).contains(file.toAbsolutePath().toString(), "the file is read-only",
                "write permission");
        assertThat(sha256(file)).isEqualTo(hash);
    }

    @Test
    void readOnlyFolderIsRefused() {
        Path folder = dir.resolve("locked");
        Path file = folder.resolve("headroom.db");
        SqliteStore.open(file).close();
        assertThat(folder.toFile().setWritable(false, false)).isTrue();
        try {
            assumeFalse(Files.isWritable(folder), "permission bits are not enforced for this user (root)");
            HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

            assertThat(e.operatorMessage()).contains("the folder " + folder.toAbsolutePath() + " is read-only");
        } finally {
            folder.toFile().setWritable(true, false);
        }
    }

    @Test
    void folderThatCannotBeCreatedIsReportedAsUnwritable() throws IOException {
        Path notAFolder = dir.resolve("data");
        Files.writeString(notAFolder, "a file where the data folder should be");
        Path file = notAFolder.resolve("headroom.db");

        HeadroomException e = catchThrowableOfType(HeadroomException.class, () -> SqliteStore.open(file));

        assertThat(e.operatorMessage()).contains(file.toAbsolutePath().toString(), "cannot write",
                "the folder " + notAFolder.toAbsolutePath(), "--data-dir");
        assertThat(Files.readString(notAFolder)).isEqualTo("a file where the data folder should be");
    }

    private static int userVersion(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.getInt(1);
        }
    }

    private static List<String> tables(Path file) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
