/**
 * Persistent context stores on SQL databases. Type {@code sqlite}: one embedded file per project
 * ({@code .consort/consort.db}), WAL journal, FTS5 full-text retrieval. Type {@code postgres}: one schema
 * shared by several instances (HikariCP pool, text search, {@code SKIP LOCKED} claims, shared budgets).
 *
 * <p>Exports nothing: Consort finds the store through {@link dev.consort.spi.context.ContextStoreProvider}.
 *
 * @since 1.0
 */
module dev.consort.context.sql {
    requires dev.consort.spi;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;

    provides dev.consort.spi.context.ContextStoreProvider
            with dev.consort.context.sql.sqlite.SqliteContextStoreProvider,
                 dev.consort.context.sql.postgres.PostgresContextStoreProvider;
}
