package dev.consort.context.sql.sqlite;

import dev.consort.spi.context.ContextStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes sure a file is ours before the store writes to it: a file that is not SQLite, a SQLite database
 * of another application or of a newer Consort is refused with a {@link ContextStoreException} naming it,
 * and never modified.
 */
final class DatabaseFileGuard {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseFileGuard() {
    }

    /**
     * Checks the first bytes of an existing file.
     *
     * @param file the database path
     * @return true when the file holds a SQLite database, false when it is absent or empty (a new store)
     * @throws ContextStoreException when it is something else
     */
    static boolean isExistingDatabase(Path file) {
        if (Files.isDirectory(file)) {
            throw refusal(file, "it is a folder");
        }
        if (!Files.exists(file)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SQLITE_HEADER.length);
        } catch (IOException e) {
            throw new ContextStoreException("Cannot read context store " + file + ": " + e.getMessage(), e);
        }
        if (head.length == 0) {
            return false;
        }
        if (!Arrays.equals(head, SQLITE_HEADER)) {
            throw refusal(file, "it is not a SQLite database (its first bytes are not the SQLite header)");
        }
        return true;
    }

    /**
     * Checks that an open database is empty or a Consort store that this code can read.
     *
     * @param connection a connection to it
     * @param file       its path, for messages
     * @param latest     the newest schema version this code knows
     * @return the database's schema version, 0 for an empty database
     * @throws ContextStoreException when it belongs to another application or a newer Consort
     * @throws SQLException          when it cannot be read
     */
    static int checkOwner(Connection connection, Path file, int latest) throws SQLException {
        int applicationId = pragmaInt(connection, "application_id");
        int version = pragmaInt(connection, "user_version");
        List<String> tables = tables(connection);
        if (applicationId == SqliteSchema.APPLICATION_ID) {
            if (!tables.contains(SqliteSchema.LOG_TABLE) || version <= 0) {
                throw refusal(file, "it is marked as a Consort database but has no schema log; it is damaged");
            }
            if (version > latest) {
                throw new ContextStoreException("Context store " + file + " has schema version " + version
                        + " but this Consort knows only up to " + latest + "; use a newer Consort", null);
            }
            return version;
        }
        if (applicationId != 0) {
            throw refusal(file, "it belongs to another application (application_id 0x"
                    + Integer.toHexString(applicationId) + ")");
        }
        if (!tables.isEmpty() || version != 0) {
            String shown = tables.size() > 5 ? String.join(", ", tables.subList(0, 5)) + ", ..." : String.join(", ", tables);
            throw refusal(file, "it is a SQLite database of another application (user_version " + version
                    + ", tables: " + (shown.isEmpty() ? "none" : shown) + ")");
        }
        return 0;
    }

    private static ContextStoreException refusal(Path file, String why) {
        return new ContextStoreException("Refusing to use " + file + " as the context store: " + why
                + "; move it away or set context.path to another file", null);
    }

    private static int pragmaInt(Connection connection, String pragma) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
