package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.SqlDatabase;
import dev.consort.context.sql.SqlWork;
import dev.consort.spi.context.ContextStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import dev.consort.context.sql.Migration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file behind one connection, with transactions.
 *
 * <p>One connection guarded by a fair lock: SQLite lets one writer in at a time anyway, Consort's
 * transactions are short (milliseconds), and a single connection means no {@code SQLITE_BUSY} between
 * threads of one process and no pool to size. Other processes are kept apart by SQLite's own locks:
 * writes begin with {@code BEGIN IMMEDIATE} (take the write lock first, waiting up to the busy
 * timeout) so a reader never has to upgrade and fail half-way; reads take a snapshot with
 * {@code BEGIN} and never block writers (WAL).
 *
 * <p>Connections are made through {@link SQLiteDataSource}, not {@code DriverManager}, which does not
 * see drivers in a plugin's module layer. Thread-safe.
 */
final class SqliteDatabase implements SqlDatabase {

    private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock(true);
    private boolean closed;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating when absent) and migrates a database.
     *
     * @param settings   where and how; not null
     * @param migrations the schema history; not null
     * @param clock      for the schema log; not null
     * @return the open database
     * @throws ContextStoreException when the file is not ours, corrupt or cannot be opened
     */
    static SqliteDatabase open(SqliteSettings settings, List<Migration> migrations, Clock clock) {
        Path file = settings.path();
        createParent(file);
        int latest = migrations.isEmpty() ? 0 : migrations.getLast().version();
        if (DatabaseFileGuard.isExistingDatabase(file)) {
            // Look before touching: a read-write open would switch a foreign file to WAL.
            inspectReadOnly(file, settings, latest);
        }
        Connection connection = null;
        try {
            connection = dataSource(file, settings, false).getConnection();
            checkPragma(connection, file, "journal_mode", "wal");
            checkPragma(connection, file, "foreign_keys", "1");
            SchemaMigrator.migrate(connection, file, migrations, clock);
            return new SqliteDatabase(file, connection);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw SqliteFailures.of(e, file, "opening it");
        } catch (RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /**
     * The database file.
     *
     * @return its absolute path
     */
    Path file() {
        return file;
    }

    @Override
    public String name() {
        return file.toString();
    }

    /**
     * Runs work in a read transaction: a consistent snapshot that does not block writers.
     *
     * @param action what is done, for error messages ("reading facts")
     * @param work   the work
     * @param <T>    its result
     * @return the work's result
     */
    @Override
    public <T> T read(String action, SqlWork<T> work) {
        return inTransaction("BEGIN", action, work);
    }

    /**
     * Runs work in a write transaction, all or nothing: committed when this returns.
     *
     * @param action what is done, for error messages ("saving a fact")
     * @param work   the work
     * @param <T>    its result
     * @return the work's result
     */
    @Override
    public <T> T write(String action, SqlWork<T> work) {
        return inTransaction("BEGIN IMMEDIATE", action, work);
    }

    private <T> T inTransaction(String begin, String action, SqlWork<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new ContextStoreException("Context store " + file + " is closed (while " + action + ")", null);
            }
            try (Statement s = connection.createStatement()) {
                s.execute(begin);
                try {
                    T result = work.run(connection);
                    s.execute("COMMIT");
                    return result;
                } catch (SQLException | RuntimeException e) {
                    // Also when COMMIT itself fails: never leave the connection inside a transaction.
                    rollback(s, e);
                    throw e;
                }
            } catch (SQLException e) {
                throw SqliteFailures.of(e, file, action);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection; later calls fail with a {@link ContextStoreException}. Never throws. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA optimize");
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, () -> "PRAGMA optimize failed on " + file, e);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.WARNING, () -> "Closing context store " + file + " failed", e);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void inspectReadOnly(Path file, SqliteSettings settings, int latest) {
        try (Connection probe = dataSource(file, settings, true).getConnection()) {
            DatabaseFileGuard.checkOwner(probe, file, latest);
        } catch (SQLException e) {
            throw SqliteFailures.of(e, file, "checking that it is a Consort database");
        }
    }

    private static SQLiteDataSource dataSource(Path file, SqliteSettings settings, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        if (readOnly) {
            config.setReadOnly(true);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(settings.durability() == SqliteSettings.Durability.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    private static void checkPragma(Connection connection, Path file, String pragma, String expected)
            throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            String actual = rs.next() ? rs.getString(1) : "";
            if (!expected.equals(actual.toLowerCase(Locale.ROOT))) {
                throw new ContextStoreException("Context store " + file + " could not be set to " + pragma + "="
                        + expected + " (it is " + actual + "); put it on a local file system", null);
            }
        }
    }

    private static void createParent(Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new ContextStoreException("Cannot create the folder of context store " + file + ": " + e, e);
        }
    }

    private static void rollback(Statement s, Exception cause) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
