package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.EpochNanos;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import dev.consort.context.sql.Migration;
import java.util.List;

/**
 * Brings a database up to the newest schema in place, one migration per transaction. Each transaction
 * starts with {@code BEGIN IMMEDIATE} and re-reads the version, so two processes opening one new file
 * at once apply every migration exactly once.
 */
final class SchemaMigrator {

    private SchemaMigrator() {
    }

    /**
     * Applies the migrations the database lacks.
     *
     * @param connection an open read-write connection, outside any transaction
     * @param file       the database path, for messages
     * @param migrations the history, oldest first, numbered from 1 without gaps
     * @param clock      for the schema log
     * @return the version reached
     * @throws SQLException when a statement fails; that migration is rolled back
     */
    static int migrate(Connection connection, Path file, List<Migration> migrations, Clock clock) throws SQLException {
        int latest = migrations.isEmpty() ? 0 : migrations.getLast().version();
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migrations must be numbered 1, 2, 3...: " + migrations);
            }
        }
        int version = currentVersion(connection);
        if (version == latest) {
            return version;
        }
        for (Migration migration : migrations) {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    version = DatabaseFileGuard.checkOwner(connection, file, latest);
                    if (version < migration.version()) {
                        for (String sql : migration.statements()) {
                            s.execute(sql);
                        }
                        log(connection, migration, clock);
                        s.execute("PRAGMA application_id = " + SqliteSchema.APPLICATION_ID);
                        s.execute("PRAGMA user_version = " + migration.version());
                        version = migration.version();
                    }
                    s.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollback(s, e);
                    throw e;
                }
            }
        }
        return version;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void log(Connection connection, Migration migration, Clock clock) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO consort_schema (version, description, applied) VALUES (?, ?, ?)")) {
            p.setInt(1, migration.version());
            p.setString(2, migration.description());
            p.setLong(3, EpochNanos.of(clock.instant()));
            p.executeUpdate();
        }
    }

    private static void rollback(Statement s, Exception cause) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
