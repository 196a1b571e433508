package dev.consort.context.sql.sqlite;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.ContextStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Context stores of type {@code sqlite}: one SQLite file per project.
 *
 * <p>Configuration ({@code context:} in {@code consort.yaml}):
 * <ul>
 *   <li>{@code path}: the database file; default {@code <state dir>/consort.db}
 *       ({@code .consort/consort.db}). Missing folders are created.</li>
 *   <li>{@code busy_timeout}: how long a write waits while another process writes; default {@code 5s}.</li>
 *   <li>{@code synchronous}: {@code full} (default: every commit is flushed to the disk and survives
 *       power loss) or {@code normal} (flushed at checkpoints: faster writes; a killed process still
 *       loses nothing committed, a power cut may undo the last commits).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 *
 * @since 1.0
 */
public final class SqliteContextStoreProvider implements ContextStoreProvider {

    /** The file name inside the state folder when {@code path} is not set. */
    public static final String DEFAULT_FILE_NAME = "consort.db";

    private static final Set<String> KEYS = Set.of("store", "path", "busy_timeout", "synchronous");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SqliteContextStoreProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code sqlite}
     */
    @Override
    public String type() {
        return "sqlite";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Opens (creating and migrating as needed) the database file. A file that is not a Consort
     * database is refused and left untouched.
     */
    @Override
    public ContextStore open(PluginConfig config, PluginContext context) {
        Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(context, "context is null");
        return SqliteContextStore.open(settings(config, context), context.clock());
    }

    /**
     * {@inheritDoc}
     *
     * @return none: a SQLite store has no secrets
     */
    @Override
    public Set<String> sensitiveKeys() {
        return Set.of();
    }

    static SqliteSettings settings(PluginConfig config, PluginContext context) {
        config.checkKeys(KEYS);
        Path path = config.path("path").orElseGet(() -> context.stateDir().resolve(DEFAULT_FILE_NAME));
        Duration busyTimeout = config.duration("busy_timeout").orElse(SqliteSettings.DEFAULT_BUSY_TIMEOUT);
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw config.error("busy_timeout", "must be between 0s and 24d, got " + busyTimeout);
        }
        SqliteSettings.Durability durability = switch (config.string("synchronous").orElse("full")
                .toLowerCase(Locale.ROOT)) {
            case "full" -> SqliteSettings.Durability.FULL;
            case "normal" -> SqliteSettings.Durability.NORMAL;
            default -> throw config.error("synchronous", "must be full or normal");
        };
        return new SqliteSettings(path.toAbsolutePath().normalize(), busyTimeout, durability);
    }
}
