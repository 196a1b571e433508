package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.Migration;
import java.util.List;

/**
 * The store's schema as an ordered history of migrations. A database records the last one applied in
 * {@code PRAGMA user_version} and each one in the {@code consort_schema} table; our databases also carry
 * {@link #APPLICATION_ID} in their header. Append new migrations; never edit a published one.
 */
final class SqliteSchema {

    /** {@code PRAGMA application_id} of a Consort database: "Cons" in ASCII. */
    static final int APPLICATION_ID = 0x436F6E73;

    /** The table that logs applied migrations; its presence marks a Consort database. */
    static final String LOG_TABLE = "consort_schema";

    private static final Migration BASE_TABLES = new Migration(1, "base tables", List.of(
            """
            CREATE TABLE consort_schema (
              version     INTEGER PRIMARY KEY,
              description TEXT    NOT NULL,
              applied     INTEGER NOT NULL)""",
            """
            CREATE TABLE session_messages (
              id              INTEGER PRIMARY KEY,
              session_id      TEXT    NOT NULL,
              backend         TEXT    NOT NULL,
              seq             INTEGER NOT NULL,
              role            TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
              content         TEXT    NOT NULL,
              name            TEXT,
              tool_call_id    TEXT,
              tool_calls_json TEXT,
              created         INTEGER NOT NULL,
              UNIQUE (session_id, backend, seq))""",
            """
            CREATE TABLE facts (
              id      INTEGER PRIMARY KEY,
              key     TEXT    NOT NULL UNIQUE,
              text    TEXT    NOT NULL,
              tags    TEXT    NOT NULL,
              source  TEXT    NOT NULL,
              updated INTEGER NOT NULL)""",
            """
            CREATE TABLE file_summaries (
              path    TEXT    PRIMARY KEY,
              sha256  TEXT    NOT NULL,
              summary TEXT    NOT NULL,
              tokens  INTEGER NOT NULL CHECK (tokens >= 0),
              created INTEGER NOT NULL)""",
            """
            CREATE TABLE persona_overrides (
              backend       TEXT    PRIMARY KEY,
              description   TEXT    NOT NULL,
              system_prompt TEXT    NOT NULL,
              updated       INTEGER NOT NULL)""",
            """
            CREATE TABLE usage_ledger (
              id                 INTEGER PRIMARY KEY,
              time               INTEGER NOT NULL,
              session_id         TEXT    NOT NULL,
              task_id            TEXT,
              backend            TEXT    NOT NULL,
              model              TEXT    NOT NULL,
              prompt_tokens      INTEGER NOT NULL,
              completion_tokens  INTEGER NOT NULL,
              cache_read_tokens  INTEGER NOT NULL,
              cache_write_tokens INTEGER NOT NULL,
              reasoning_tokens   INTEGER NOT NULL,
              exact              INTEGER NOT NULL CHECK (exact IN (0, 1)),
              cost_usd           TEXT    NOT NULL,
              cost_pusd          INTEGER NOT NULL CHECK (cost_pusd >= 0),
              failed             INTEGER NOT NULL CHECK (failed IN (0, 1)))""",
            "CREATE INDEX usage_ledger_by_time ON usage_ledger (time)",
            "CREATE INDEX usage_ledger_by_session ON usage_ledger (session_id)",
            """
            CREATE TABLE tasks (
              id           TEXT    PRIMARY KEY,
              title        TEXT    NOT NULL,
              type         TEXT    NOT NULL,
              status       TEXT    NOT NULL,
              priority     INTEGER NOT NULL,
              session_id   TEXT    NOT NULL,
              prompt       TEXT    NOT NULL,
              context_keys TEXT    NOT NULL,
              max_usd      TEXT,
              max_steps    INTEGER NOT NULL CHECK (max_steps > 0),
              attempts     INTEGER NOT NULL CHECK (attempts >= 0),
              created      INTEGER NOT NULL,
              updated      INTEGER NOT NULL,
              result       TEXT,
              error        TEXT)""",
            "CREATE INDEX tasks_in_run_order ON tasks (priority DESC, created, id)",
            """
            CREATE TABLE task_events (
              task_id      TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
              seq          INTEGER NOT NULL CHECK (seq > 0),
              time         INTEGER NOT NULL,
              kind         TEXT    NOT NULL,
              payload_json TEXT    NOT NULL,
              PRIMARY KEY (task_id, seq)) WITHOUT ROWID"""));

    // An external-content FTS5 index over facts, kept in step by triggers in the writer's transaction.
    private static final Migration FACT_SEARCH = new Migration(2, "full-text index of facts", List.of(
            """
            CREATE VIRTUAL TABLE facts_fts USING fts5(
              key, text, tags,
              content = 'facts', content_rowid = 'id',
              tokenize = 'porter unicode61 remove_diacritics 2')""",
            """
            CREATE TRIGGER facts_fts_after_insert AFTER INSERT ON facts BEGIN
              INSERT INTO facts_fts (rowid, key, text, tags) VALUES (new.id, new.key, new.text, new.tags);
            END""",
            """
            CREATE TRIGGER facts_fts_after_delete AFTER DELETE ON facts BEGIN
              INSERT INTO facts_fts (facts_fts, rowid, key, text, tags)
                VALUES ('delete', old.id, old.key, old.text, old.tags);
            END""",
            """
            CREATE TRIGGER facts_fts_after_update AFTER UPDATE ON facts BEGIN
              INSERT INTO facts_fts (facts_fts, rowid, key, text, tags)
                VALUES ('delete', old.id, old.key, old.text, old.tags);
              INSERT INTO facts_fts (rowid, key, text, tags) VALUES (new.id, new.key, new.text, new.tags);
            END""",
            "INSERT INTO facts_fts (facts_fts) VALUES ('rebuild')"));

    // Task leases: which worker runs a task and until when its claim holds (crash recovery, several workers).
    private static final Migration TASK_LEASES = new Migration(3, "task leases", List.of(
            "ALTER TABLE tasks ADD COLUMN owner TEXT",
            "ALTER TABLE tasks ADD COLUMN lease_until INTEGER",
            "CREATE INDEX tasks_by_status ON tasks (status, priority DESC, created, id)"));

    /** Every migration, oldest first. */
    static final List<Migration> MIGRATIONS = List.of(BASE_TABLES, FACT_SEARCH, TASK_LEASES);

    private SqliteSchema() {
    }

    /**
     * The version a database has after every migration.
     *
     * @return the latest version
     */
    static int latestVersion() {
        return MIGRATIONS.getLast().version();
    }
}
