/**
 * The {@code postgres} context store: the shared SQL store on a PostgreSQL schema that several Consort
 * instances use at once, with text search, {@code SKIP LOCKED} task claims and shared budgets. Not exported.
 */
package dev.consort.context.sql.postgres;
