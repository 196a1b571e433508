package dev.consort.context.sql.postgres;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.config.Secret;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.ContextStoreProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Context stores of type {@code postgres}: one PostgreSQL schema shared by several Consort instances
 * (sessions, memory, usage, tasks, and budgets enforced together).
 *
 * <p>Configuration ({@code context:} in {@code consort.yaml}):
 * <ul>
 *   <li>{@code url}: the JDBC URL, {@code jdbc:postgresql://host:5432/database}; required.</li>
 *   <li>{@code user}, {@code password}: the login; the password is secret ({@code ${PGPASSWORD}}).</li>
 *   <li>{@code schema}: the schema of Consort's tables, created when missing; default {@code consort}.
 *       Projects sharing a database each use their own.</li>
 *   <li>{@code pool_size}: the most connections this instance opens; default 10.</li>
 *   <li>{@code connect_timeout}: how long a call waits for a connection before failing; default 10s.</li>
 *   <li>{@code retries}: how often a transaction cut off before its commit (lost connection, server
 *       restart, serialization failure, deadlock) is run again; default 3.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 *
 * @since 1.0
 */
public final class PostgresContextStoreProvider implements ContextStoreProvider {

    private static final Set<String> KEYS = Set.of("store", "url", "user", "password", "schema", "pool_size",
            "connect_timeout", "retries");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public PostgresContextStoreProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code postgres}
     */
    @Override
    public String type() {
        return "postgres";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Opens a connection pool and creates or migrates the schema. An unreachable server, a refused login
     * or a schema of another application is one clear error.
     */
    @Override
    public ContextStore open(PluginConfig config, PluginContext context) {
        Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(context, "context is null");
        return PostgresContextStore.open(settings(config), context.clock());
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code password}
     */
    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("password");
    }

    static PostgresSettings settings(PluginConfig config) {
        config.checkKeys(KEYS);
        String url = config.requireString("url").strip();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw config.error("url", "must be a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/consort");
        }
        String user = config.string("user").map(String::strip).filter(u -> !u.isEmpty()).orElse(null);
        Secret password = config.secret("password").orElse(null);
        String schema = config.string("schema").orElse(PostgresSettings.DEFAULT_SCHEMA);
        if (!PostgresSettings.isIdentifier(schema)) {
            throw config.error("schema", "must be a lower-case identifier (letters, digits, _), got '" + schema + "'");
        }
        int poolSize = config.integer("pool_size").orElse(PostgresSettings.DEFAULT_POOL_SIZE);
        if (poolSize < 1 || poolSize > 1_000) {
            throw config.error("pool_size", "must be between 1 and 1000, got " + poolSize);
        }
        Duration connectTimeout = config.duration("connect_timeout").orElse(PostgresSettings.DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.toMillis() < 250 || connectTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw config.error("connect_timeout", "must be between 250ms and 1h, got " + connectTimeout);
        }
        int retries = config.integer("retries").orElse(PostgresSettings.DEFAULT_RETRIES);
        if (retries < 0 || retries > 100) {
            throw config.error("retries", "must be between 0 and 100, got " + retries);
        }
        return new PostgresSettings(url, user, password, schema, poolSize, connectTimeout, retries);
    }
}
