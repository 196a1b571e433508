package dev.consort.context.sql.postgres;

import dev.consort.context.sql.EpochNanos;
import dev.consort.context.sql.Migration;
import dev.consort.spi.context.ContextStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a schema up to the newest version in place, all missing migrations in one transaction (DDL is
 * transactional in PostgreSQL) under an advisory lock, so several instances starting at once apply each
 * migration exactly once. A schema holding tables but no {@code consort_schema} belongs to another
 * application, and one migrated by a newer Consort is refused: both are left untouched.
 */
final class PostgresMigrator {

    /** Advisory lock class of migrations (see {@link PostgresDialect} for the others). */
    private static final int MIGRATION_LOCK = 0x436F6E00;

    private PostgresMigrator() {
    }

    static int migrate(Connection c, String store, String schema, List<Migration> migrations, Clock clock)
            throws SQLException {
        int latest = migrations.getLast().version();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ", 0)");
            // Created by the first instance (a user without CREATE rights on the database can use a schema
            // made for it); the schema name is a checked identifier, so quoting is plain.
            if (!schemaExists(c, schema)) {
                s.execute("CREATE SCHEMA \"" + schema + "\"");
            }
            s.execute("SET LOCAL search_path TO \"" + schema + "\"");
        }
        int version = currentVersion(c, store, schema);
        if (version > latest) {
            throw new ContextStoreException("Context store " + store + " was written by a newer Consort (schema"
                    + " version " + version + ", this one knows " + latest + "); upgrade Consort", null);
        }
        for (Migration migration : migrations) {
            if (migration.version() <= version) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                for (String sql : migration.statements()) {
                    s.execute(sql);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO consort_schema (version, description, applied) VALUES (?, ?, ?)")) {
                p.setInt(1, migration.version());
                p.setString(2, migration.description());
                p.setLong(3, EpochNanos.of(clock.instant()));
                p.executeUpdate();
            }
            version = migration.version();
        }
        return version;
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int currentVersion(Connection c, String store, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        if (tables.isEmpty()) {
            return 0;
        }
        if (!tables.contains(PostgresSchema.LOG_TABLE)) {
            throw new ContextStoreException("Context store " + store + ": schema " + schema + " holds tables of"
                    + " another application (" + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                    + "); set context.schema to another schema", null);
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM consort_schema")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
