package dev.headroom.persistence;

import dev.headroom.domain.HeadroomException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The classification of SQLite failures, including those a test cannot provoke when run as root. */
class StoreProblemsTest {
    private static final Path FILE = Path.of("/data/headroom/headroom.db");

    @Test
    void readOnlyDatabaseSaysWhichFileAndWhatToDo() {
        HeadroomException e = StoreProblems.atOpen(FILE, sqlite(SQLiteErrorCode.SQLITE_READONLY));

        assertThat(e.operatorMessage()).contains(FILE.toString(), "the file is read-only", "write permission",
                "--data-dir");
        assertThat(e.getCause()).isInstanceOf(SQLiteException.class);
    }

    @Test
    void fileThatCannotBeOpenedBlamesTheFolder() {
        HeadroomException e = StoreProblems.atOpen(FILE, sqlite(SQLiteErrorCode.SQLITE_CANTOPEN));

        assertThat(e.operatorMessage()).contains("the folder /data/headroom is read-only");
    }

    @Test
    void extendedBusyCodesMeanInUse() {
        assertThat(StoreProblems.writeFailed(FILE, "prod", sqlite(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT))
                .operatorMessage()).contains(FILE.toString(), "in use by another program");
    }

    @Test
    void notADatabaseMeansDamaged() {
        assertThat(StoreProblems.atOpen(FILE, sqlite(SQLiteErrorCode.SQLITE_NOTADB)).operatorMessage())
                .contains(FILE.toString(), "is damaged", "not a database file", "has not changed it");
    }

    @Test
    void fullDiskSaysNothingWasLost() {
        assertThat(StoreProblems.writeFailed(FILE, "prod", sqlite(SQLiteErrorCode.SQLITE_FULL)).operatorMessage())
                .contains("is full", "unchanged", "Free some space");
    }

    @Test
    void otherFailuresNameTheAccountAndKeepTheTechnicalText() {
        HeadroomException e = StoreProblems.writeFailed(FILE, "prod", new SQLException("boom"));

        assertThat(e.operatorMessage()).contains("\"prod\"", FILE.toString(), "unchanged");
        assertThat(e.getMessage()).isEqualTo("boom");
    }

    private static SQLiteException sqlite(SQLiteErrorCode code) {
        return new SQLiteException(code.message, code);
    }
}
