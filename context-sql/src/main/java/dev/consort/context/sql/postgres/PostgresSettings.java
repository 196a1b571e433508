package dev.consort.context.sql.postgres;

import dev.consort.spi.config.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach a PostgreSQL store.
 *
 * @param url            the JDBC URL ({@code jdbc:postgresql://host:port/database}); not null
 * @param user           the role to log in as, or null for the URL's or the driver's default
 * @param password       its password, or null
 * @param schema         the schema holding Consort's tables, created when missing: one per project
 *                       sharing a database; a plain lower-case identifier
 * @param poolSize       the most connections this instance opens; positive
 * @param connectTimeout how long a call waits for a connection (the server unreachable, the pool busy)
 *                       before it fails; positive
 * @param retries        how many times a transaction cut off by a lost connection, a serialization
 *                       failure or a deadlock is run again; not negative
 */
record PostgresSettings(String url, String user, Secret password, String schema, int poolSize,
                        Duration connectTimeout, int retries) {

    static final String DEFAULT_SCHEMA = "consort";
    static final int DEFAULT_POOL_SIZE = 10;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_RETRIES = 3;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Validates the components. */
    PostgresSettings {
        Objects.requireNonNull(url, "url is null");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        Objects.requireNonNull(schema, "schema is null");
        if (!isIdentifier(schema)) {
            throw new IllegalArgumentException("schema is not a plain lower-case identifier: " + schema);
        }
        if (poolSize <= 0) {
            throw new IllegalArgumentException("poolSize must be positive, got " + poolSize);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectTimeout must be at least 250ms, got " + connectTimeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries is negative: " + retries);
        }
    }

    static boolean isIdentifier(String name) {
        return IDENTIFIER.matcher(name).matches();
    }

    /**
     * Names the store in messages: the URL without its query (which may hold a password), and the schema.
     *
     * @return the name
     */
    String displayName() {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + " (schema " + schema + ")";
    }
}
