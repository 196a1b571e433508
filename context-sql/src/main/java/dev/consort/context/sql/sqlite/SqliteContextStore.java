package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.SqlContextStore;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.ContextStoreException;
import java.time.Clock;

/** Opens {@link SqlContextStore}s on SQLite files. */
final class SqliteContextStore {

    private SqliteContextStore() {
    }

    /**
     * Opens a store.
     *
     * @param settings where and how; not null
     * @param clock    for time stamps the store makes itself; not null
     * @return the open store
     * @throws ContextStoreException when it cannot be opened
     */
    static ContextStore open(SqliteSettings settings, Clock clock) {
        return new SqlContextStore(SqliteDatabase.open(settings, SqliteSchema.MIGRATIONS, clock), SqliteDialect.INSTANCE,
                clock);
    }
}
