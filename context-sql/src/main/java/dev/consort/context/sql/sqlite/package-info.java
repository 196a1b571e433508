/**
 * The {@code sqlite} context store: one file, WAL journal, FTS5 index of facts, schema migrated in
 * place by {@code PRAGMA user_version}, foreign files refused untouched. Only
 * {@link dev.consort.context.sql.sqlite.SqliteContextStoreProvider} is public, for {@code ServiceLoader}.
 */
package dev.consort.context.sql.sqlite;
