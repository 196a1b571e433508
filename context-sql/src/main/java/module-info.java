/**
 * Persistent context stores on SQL databases. Type {@code sqlite}: one embedded file per project
 * ({@code .consort/consort.db}), WAL journal, FTS5 full-text retrieval.
 *
 * <p>Exports nothing: Consort finds the store through {@link dev.consort.spi.context.ContextStoreProvider}.
 *
 * @since 1.0
 */
module dev.consort.context.sql {
    requires dev.consort.spi;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    provides dev.consort.spi.context.ContextStoreProvider
            with dev.consort.context.sql.sqlite.SqliteContextStoreProvider;
}
