/**
 * What every SQL context store shares: spending a retrieval's token budget ({@link
 * dev.consort.context.sql.ExcerptBudget}, {@link dev.consort.context.sql.TextTrimmer}) and the small
 * JSON kept in text columns ({@link dev.consort.context.sql.PlainJson}). Not exported.
 */
package dev.consort.context.sql;
