package dev.consort.context.sql.postgres;

import dev.consort.context.sql.Migration;
import java.util.List;

/**
 * The store's tables in PostgreSQL as an ordered history of migrations, logged in {@code consort_schema}.
 * Version 1 has the shape of the SQLite store (same tables, columns and units: instants as nanoseconds,
 * costs as pico-dollars), with PostgreSQL's own full-text search. Append new migrations; never edit a
 * published one.
 */
final class PostgresSchema {

    /** The table that logs applied migrations; its presence marks a Consort schema. */
    static final String LOG_TABLE = "consort_schema";

    private static final Migration BASE_TABLES = new Migration(1, "base tables", List.of(
            """
            CREATE TABLE consort_schema (
              version     integer PRIMARY KEY,
              description text    NOT NULL,
              applied     bigint  NOT NULL)""",
            """
            CREATE TABLE session_messages (
              id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              session_id      text    NOT NULL,
              backend         text    NOT NULL,
              seq             bigint  NOT NULL,
              role            text    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
              content         text    NOT NULL,
              name            text,
              tool_call_id    text,
              tool_calls_json text,
              created         bigint  NOT NULL,
              UNIQUE (session_id, backend, seq))""",
            // The search vector is generated in the writing transaction, as FTS5's triggers do on SQLite;
            // 'english' stems words as FTS5's porter tokenizer does.
            """
            CREATE TABLE facts (
              id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              key     text   NOT NULL UNIQUE,
              text    text   NOT NULL,
              tags    text   NOT NULL,
              source  text   NOT NULL,
              updated bigint NOT NULL,
              search  tsvector GENERATED ALWAYS AS
                        (to_tsvector('english'::regconfig, key || ' ' || text || ' ' || tags)) STORED)""",
            "CREATE INDEX facts_search ON facts USING gin (search)",
            """
            CREATE TABLE file_summaries (
              path    text    PRIMARY KEY,
              sha256  text    NOT NULL,
              summary text    NOT NULL,
              tokens  integer NOT NULL CHECK (tokens >= 0),
              created bigint  NOT NULL)""",
            """
            CREATE TABLE persona_overrides (
              backend       text   PRIMARY KEY,
              description   text   NOT NULL,
              system_prompt text   NOT NULL,
              updated       bigint NOT NULL)""",
            """
            CREATE TABLE usage_ledger (
              id                 bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              time               bigint  NOT NULL,
              session_id         text    NOT NULL,
              task_id            text,
              backend            text    NOT NULL,
              model              text    NOT NULL,
              prompt_tokens      integer NOT NULL,
              completion_tokens  integer NOT NULL,
              cache_read_tokens  integer NOT NULL,
              cache_write_tokens integer NOT NULL,
              reasoning_tokens   integer NOT NULL,
              exact              integer NOT NULL CHECK (exact IN (0, 1)),
              cost_usd           text    NOT NULL,
              cost_pusd          bigint  NOT NULL CHECK (cost_pusd >= 0),
              failed             integer NOT NULL CHECK (failed IN (0, 1)))""",
            "CREATE INDEX usage_ledger_by_time ON usage_ledger (time)",
            "CREATE INDEX usage_ledger_by_session ON usage_ledger (session_id)",
            """
            CREATE TABLE tasks (
              id           text    PRIMARY KEY,
              title        text    NOT NULL,
              type         text    NOT NULL,
              status       text    NOT NULL,
              priority     integer NOT NULL,
              session_id   text    NOT NULL,
              prompt       text    NOT NULL,
              context_keys text    NOT NULL,
              max_usd      text,
              max_steps    integer NOT NULL CHECK (max_steps > 0),
              attempts     integer NOT NULL CHECK (attempts >= 0),
              created      bigint  NOT NULL,
              updated      bigint  NOT NULL,
              result       text,
              error        text,
              owner        text,
              lease_until  bigint)""",
            "CREATE INDEX tasks_in_run_order ON tasks (priority DESC, created, id)",
            "CREATE INDEX tasks_by_status ON tasks (status, priority DESC, created, id)",
            """
            CREATE TABLE task_events (
              task_id      text   NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
              seq          bigint NOT NULL CHECK (seq > 0),
              time         bigint NOT NULL,
              kind         text   NOT NULL,
              payload_json text   NOT NULL,
              PRIMARY KEY (task_id, seq))"""));

    // Global budgets: what each backend spent per UTC day, kept by a trigger in the ledger's writing
    // transaction (so it never drifts from the ledger), and the holds of calls under way.
    private static final Migration SHARED_BUDGETS = new Migration(2, "shared budgets", List.of(
            """
            CREATE TABLE usage_daily (
              backend   text   NOT NULL,
              day       bigint NOT NULL,
              requests  bigint NOT NULL,
              tokens    bigint NOT NULL,
              cost_pusd bigint NOT NULL,
              PRIMARY KEY (backend, day))""",
            """
            CREATE FUNCTION consort_count_usage() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO usage_daily AS d (backend, day, requests, tokens, cost_pusd)
                VALUES (NEW.backend, floor(NEW.time / 86400000000000.0)::bigint, 1,
                        NEW.prompt_tokens::bigint + NEW.completion_tokens, NEW.cost_pusd)
                ON CONFLICT (backend, day) DO UPDATE SET
                  requests = d.requests + 1, tokens = d.tokens + EXCLUDED.tokens,
                  cost_pusd = d.cost_pusd + EXCLUDED.cost_pusd;
              RETURN NULL;
            END $$""",
            """
            CREATE TRIGGER usage_ledger_counts AFTER INSERT ON usage_ledger
              FOR EACH ROW EXECUTE FUNCTION consort_count_usage()""",
            """
            INSERT INTO usage_daily (backend, day, requests, tokens, cost_pusd)
              SELECT backend, floor(time / 86400000000000.0)::bigint, count(*),
                     sum(prompt_tokens::bigint + completion_tokens), sum(cost_pusd)
              FROM usage_ledger GROUP BY 1, 2""",
            """
            CREATE TABLE budget_holds (
              id        text   NOT NULL,
              account   text   NOT NULL,
              usd_pusd  bigint NOT NULL CHECK (usd_pusd >= 0),
              requests  bigint NOT NULL CHECK (requests >= 0),
              tokens    bigint NOT NULL CHECK (tokens >= 0),
              expires   bigint NOT NULL,
              PRIMARY KEY (id, account))""",
            "CREATE INDEX budget_holds_by_account ON budget_holds (account, expires)"));

    // Claims look only at unfinished tasks; without this index each claim walks past every finished one
    // (a claim took 49 ms with 100,000 finished tasks in the table).
    private static final Migration CLAIMABLE_TASKS = new Migration(3, "index of unfinished tasks", List.of(
            """
            CREATE INDEX tasks_claimable ON tasks (priority DESC, created, id)
              WHERE status IN ('QUEUED', 'RUNNING', 'WAITING_APPROVAL')"""));

    /** Every migration, oldest first. */
    static final List<Migration> MIGRATIONS = List.of(BASE_TABLES, SHARED_BUDGETS, CLAIMABLE_TASKS);

    private PostgresSchema() {
    }

    /**
     * The version a schema has after every migration.
     *
     * @return the latest version
     */
    static int latestVersion() {
        return MIGRATIONS.getLast().version();
    }
}
