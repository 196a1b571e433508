/**
 * What every SQL context store shares: the store's logic ({@link dev.consort.context.sql.SqlContextStore})
 * and its tables, the same SQL on SQLite and PostgreSQL; the seams where the databases differ
 * ({@link dev.consort.context.sql.SqlDatabase}, {@link dev.consort.context.sql.SqlDialect},
 * {@link dev.consort.context.sql.FactIndex}); bounded full-text search ({@link
 * dev.consort.context.sql.FactSearch}); spending a retrieval's token budget ({@link
 * dev.consort.context.sql.ExcerptBudget}, {@link dev.consort.context.sql.TextTrimmer}) and the small JSON
 * kept in text columns ({@link dev.consort.context.sql.PlainJson}). Not exported.
 */
package dev.consort.context.sql;
