package dev.consort.context.sql.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.consort.context.sql.SqlDatabase;
import dev.consort.context.sql.SqlWork;
import dev.consort.spi.context.ContextStoreException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database behind a HikariCP pool, with transactions.
 *
 * <p>Writes run in {@code READ COMMITTED} with explicit row and advisory locks where the store needs them
 * ({@code FOR UPDATE SKIP LOCKED} claims, {@code pg_advisory_xact_lock} for numbered appends and budgets):
 * concurrent writers of different rows never wait for each other. Reads run in {@code REPEATABLE READ READ
 * ONLY}: one snapshot for every query of a retrieval.
 *
 * <p>A transaction cut off before its commit (a lost connection, a server restart, a serialization failure
 * or deadlock) was rolled back by the server, so it is run again on a fresh connection, up to {@code
 * retries} times. A commit whose answer is lost is never run again blindly (an insert would then be
 * stored twice): it fails with a message saying the change may or may not be saved. A call that returned
 * normally has committed: no acknowledged write is lost. Thread-safe.
 */
final class PostgresDatabase implements SqlDatabase {

    private static final System.Logger LOG = System.getLogger(PostgresDatabase.class.getName());
    private static final long FIRST_BACKOFF_NANOS = 50_000_000L;

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final String name;

    private PostgresDatabase(PostgresSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.name = settings.displayName();
    }

    /**
     * Opens the pool (one connection at least, so an unreachable server fails here, clearly).
     *
     * @param settings how to reach the server; not null
     * @return the open database
     * @throws ContextStoreException when the server cannot be reached or refuses the login
     */
    static PostgresDatabase open(PostgresSettings settings) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        try {
            source.setUrl(settings.url());
        } catch (IllegalArgumentException e) {
            throw new ContextStoreException("Context store " + settings.displayName() + ": context.url is not a valid"
                    + " PostgreSQL JDBC URL (" + e.getMessage() + ")", e);
        }
        if (settings.user() != null) {
            source.setUser(settings.user());
        }
        if (settings.password() != null) {
            source.setPassword(settings.password().reveal());
        }
        source.setApplicationName("consort");
        source.setTcpKeepAlive(true);
        source.setConnectTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("consort-" + settings.schema());
        config.setSchema(settings.schema());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(5_000, settings.connectTimeout().toMillis()));
        config.setKeepaliveTime(60_000);
        try {
            return new PostgresDatabase(settings, new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof SQLException s) {
                throw PostgresFailures.of(s, settings.displayName(), "opening it", settings);
            }
            throw new ContextStoreException("Context store " + settings.displayName() + " could not be opened: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T read(String action, SqlWork<T> work) {
        return inTransaction("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", action, work);
    }

    @Override
    public <T> T write(String action, SqlWork<T> work) {
        return inTransaction(null, action, work);
    }

    /**
     * Runs work outside the retry loop, on one connection, in one transaction: for the schema migration.
     */
    <T> T once(String action, SqlWork<T> work) {
        try (Connection c = connection(action)) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresFailures.of(e, name, action, settings);
        }
    }

    private <T> T inTransaction(String begin, String action, SqlWork<T> work) {
        long backoff = FIRST_BACKOFF_NANOS;
        for (int attempt = 0; ; attempt++) {
            boolean committing = false;
            Connection pooled;
            try {
                pooled = connection(action);
            } catch (SQLException e) {
                // The pool already waited connect_timeout for a connection: waiting again would only hide it.
                throw PostgresFailures.of(e, name, action, settings);
            }
            try (Connection c = pooled) {
                try {
                    if (begin != null) {
                        try (Statement s = c.createStatement()) {
                            s.execute(begin);
                        }
                    }
                    T result = work.run(c);
                    committing = true;
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (committing && PostgresFailures.isConnectionLoss(e)) {
                    throw PostgresFailures.commitUnknown(e, name, action);
                }
                if (attempt >= settings.retries() || !PostgresFailures.isRetryable(e)) {
                    throw PostgresFailures.of(e, name, action, settings);
                }
                int next = attempt + 1;
                LOG.log(Level.DEBUG, () -> "Context store " + name + ": retrying " + action + " (" + next + " of "
                        + settings.retries() + ") after " + e.getMessage());
                LockSupport.parkNanos(backoff);
                backoff *= 4;
            }
        }
    }

    private Connection connection(String action) throws SQLException {
        if (pool.isClosed()) {
            throw new ContextStoreException("Context store " + name + " is closed (while " + action + ")", null);
        }
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
