package dev.headroom.persistence;

import dev.headroom.domain.HeadroomException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Every operator message about the database, in one place so that they stay consistent: what
 * happened, to which file, that Headroom left it alone (where it did), and what to do next.
 */
final class StoreProblems {
    private static final String UNCHANGED = "Headroom has not changed it. ";

    private StoreProblems() {
    }

    static HeadroomException damaged(Path file, String detail, Throwable cause) {
        return new HeadroomException("The Headroom database " + file + " is damaged (" + detail + "). "
                + UNCHANGED + "Restore it from a backup, or move it aside to start with a fresh database "
                + "(the sandbox account is recreated), then start Headroom again.",
                "database damaged: " + file + ": " + detail, cause);
    }

    static HeadroomException inUse(Path file, Throwable cause) {
        return new HeadroomException("The Headroom database " + file + " is in use by another program "
                + "(probably another Headroom window or command). " + UNCHANGED
                + "Close the other program, or use another data directory (--data-dir), then try again.",
                "database locked: " + file + ": " + cause, cause);
    }

    static HeadroomException unwritable(Path file, Path readOnly, Throwable cause) {
        String what = readOnly.equals(file) ? "the file is read-only" : "the folder " + readOnly + " is read-only";
        return new HeadroomException("Headroom cannot write to its database " + file + ": " + what + ". "
                + UNCHANGED + "Give your user write permission there, or use another data directory "
                + "(--data-dir), then start Headroom again.",
                "database not writable: " + file + " (" + readOnly + ")" + (cause == null ? "" : ": " + cause), cause);
    }

    static HeadroomException newerSchema(Path file, int found, int known) {
        return new HeadroomException("The Headroom database " + file + " was written by a newer version of "
                + "Headroom (schema " + found + ", this version knows up to " + known + "). " + UNCHANGED
                + "Install the newer version, or use another data directory (--data-dir).",
                "database schema " + found + " > " + known + ": " + file, null);
    }

    static HeadroomException noWal(Path file, String mode) {
        return new HeadroomException("Headroom could not switch its database " + file + " to write-ahead "
                + "logging (the file system allows only \"" + mode + "\"); network drives often cannot. "
                + "Use a data directory on a local disk (--data-dir), then start Headroom again.",
                "journal_mode=WAL returned " + mode + ": " + file, null);
    }

    static HeadroomException diskFull(Path file, Throwable cause) {
        return new HeadroomException("The disk holding the Headroom database " + file + " is full. "
                + "Nothing was saved and what was stored before is unchanged. Free some space, then try again.",
                "disk full: " + file + ": " + cause, cause);
    }

    static HeadroomException closeFailed(Path file, SQLException e) {
        return new HeadroomException("Headroom could not close its database " + file + " cleanly ("
                + e.getMessage() + "). Saved data is safe: the next start completes the write-ahead log.",
                e.getMessage(), e);
    }

    /** A failure at start-up that none of the specific checks explained. */
    static HeadroomException atOpen(Path file, SQLException e) {
        return classify(file, e, "Headroom could not open its database " + file + " (" + e.getMessage() + "). "
                + UNCHANGED + "Check the file and its folder, or use another data directory (--data-dir), "
                + "then start Headroom again.");
    }

    static HeadroomException writeFailed(Path file, String account, SQLException e) {
        return classify(file, e, "Headroom could not save account \"" + account + "\" to " + file + " ("
                + e.getMessage() + "). What was stored before is unchanged. Try again; if it keeps failing, "
                + "restart Headroom.");
    }

    /** @param what what was being read, e.g. {@code account "prod-eu"} */
    static HeadroomException readFailed(Path file, String what, SQLException e) {
        return classify(file, e, "Headroom could not read " + what + " from " + file + " ("
                + e.getMessage() + "). Try again; if it keeps failing, restart Headroom.");
    }

    /** Turns SQLite's primary result code into the matching operator message. */
    static HeadroomException classify(Path file, SQLException e, String otherwise) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : SQLiteErrorCode.UNKNOWN_ERROR;
        // extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED, ...) keep the primary code in the low byte
        int primary = code.code & 0xFF;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return inUse(file, e);
        }
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return damaged(file, "it is not a database file", e);
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return damaged(file, e.getMessage(), e);
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_PERM.code) {
            return unwritable(file, file, e);
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            // SQLite could not create the file or its -wal/-shm companions: the folder is the problem
            return unwritable(file, file.getParent(), e);
        }
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return diskFull(file, e);
        }
        return new HeadroomException(otherwise, e.getMessage(), e);
    }
}
