package dev.consort.context.sql.sqlite;

import dev.consort.spi.context.ContextStoreException;
import java.nio.file.Path;
import java.sql.SQLException;

/** Turns driver exceptions into one-line {@link ContextStoreException}s that name the database file. */
final class SqliteFailures {

    // Primary result codes of SQLite (the low byte of an extended code).
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_NOTADB = 26;

    private SqliteFailures() {
    }

    static ContextStoreException of(SQLException e, Path file, String action) {
        String what = switch (e.getErrorCode() & 0xFF) {
            case SQLITE_BUSY, SQLITE_LOCKED -> "stayed locked by another connection longer than the busy timeout"
                    + " (context.busy_timeout) while " + action + "; another Consort process may hold it";
            case SQLITE_CORRUPT, SQLITE_NOTADB -> "is corrupt (found while " + action
                    + "); restore it from a backup or move it away";
            case SQLITE_FULL -> "could not grow while " + action + ": the disk is full";
            case SQLITE_READONLY, SQLITE_PERM -> "is read-only (found while " + action
                    + "); check the permissions of the file and its folder";
            case SQLITE_CANTOPEN -> "cannot be opened (while " + action + "); check that its folder exists and is writable";
            case SQLITE_IOERR -> "could not be read or written while " + action + " (I/O error)";
            case SQLITE_CONSTRAINT -> "refused a write while " + action + ": a constraint is violated";
            default -> "failed while " + action;
        };
        return new ContextStoreException("Context store " + file + " " + what + " [" + oneLine(e.getMessage()) + "]", e);
    }

    private static String oneLine(String message) {
        return message == null ? "no detail" : message.replaceAll("\\s+", " ").strip();
    }
}
