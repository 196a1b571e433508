package dev.consort.context.sql.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import dev.consort.spi.testkit.MapPluginConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the tests use: {@code CONSORT_TEST_PG_URL} (with {@code CONSORT_TEST_PG_USER} and
 * {@code CONSORT_TEST_PG_PASSWORD}), as {@code scripts/test-postgres.sh start} prints them. Each test gets a
 * schema of its own. Without a reachable server the tests are skipped, saying why; under {@code CI=true}
 * they fail instead, since CI starts a server.
 */
public final class TestPostgres {

    static final String URL = System.getenv("CONSORT_TEST_PG_URL");
    static final String USER = System.getenv().getOrDefault("CONSORT_TEST_PG_USER", "consort");
    static final String PASSWORD = System.getenv().getOrDefault("CONSORT_TEST_PG_PASSWORD", "consort");

    private static String unreachable;
    private static boolean checked;

    private TestPostgres() {
    }

    /** Skips the test (or fails it under CI) when no server is reachable. */
    static synchronized void require() {
        if (!checked) {
            checked = true;
            if (URL == null || URL.isBlank()) {
                unreachable = "CONSORT_TEST_PG_URL is not set";
            } else {
                try (Connection c = dataSource().getConnection()) {
                    c.isValid(5);
                } catch (SQLException e) {
                    unreachable = URL + " cannot be reached: " + e.getMessage();
                }
            }
        }
        if (unreachable != null) {
            String message = "No PostgreSQL server for the postgres store tests (" + unreachable
                    + "); start one with: eval \"$(scripts/test-postgres.sh start)\"";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    static PGSimpleDataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(URL);
        source.setUser(USER);
        source.setPassword(PASSWORD);
        return source;
    }

    /** A schema name no other test uses. */
    static String newSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** The store's configuration for a schema, with more keys. */
    static MapPluginConfig config(String schema, Map<String, ?> more) {
        Map<String, Object> values = new HashMap<>(Map.of("store", "postgres", "url", URL, "user", USER,
                "password", PASSWORD, "schema", schema, "pool_size", "4"));
        values.putAll(more);
        return MapPluginConfig.of("context", values);
    }

    static void execute(String... statements) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static void dropSchema(String schema) {
        try {
            execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
