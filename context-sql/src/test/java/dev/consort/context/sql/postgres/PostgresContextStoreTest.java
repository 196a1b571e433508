package dev.consort.context.sql.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.context.sql.ContextStoreContract;
import dev.consort.context.sql.FactSearch;
import dev.consort.context.sql.FixedPluginContext;
import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.ContextStoreException;
import dev.consort.spi.context.ContextStoreProvider;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Retrieval;
import dev.consort.spi.context.TaskEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on PostgreSQL, each test in a schema of its own, and what only this store does. */
class PostgresContextStoreTest extends ContextStoreContract {

    @TempDir
    Path dir;

    private final List<String> schemas = new ArrayList<>();
    private String schema;

    @Override
    protected ContextStore newStore() {
        TestPostgres.require();
        if (schema == null) {
            schema = TestPostgres.newSchema();
            schemas.add(schema);
        }
        return open(schema, Map.of());
    }

    private ContextStore open(String inSchema, Map<String, ?> more) {
        return new PostgresContextStoreProvider().open(TestPostgres.config(inSchema, more),
                FixedPluginContext.inProject(dir));
    }

    @AfterEach
    void dropSchemas() {
        if (TestPostgres.URL != null) {
            schemas.forEach(TestPostgres::dropSchema);
        }
    }

    private static String scalar(String sql) throws SQLException {
        try (Connection c = TestPostgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void createsItsSchemaAtTheLatestVersionAndLogsEachMigration() throws SQLException {
        assertEquals(String.valueOf(PostgresSchema.latestVersion()),
                scalar("SELECT max(version) FROM " + schema + ".consort_schema"));
        assertEquals(String.valueOf(PostgresSchema.MIGRATIONS.size()),
                scalar("SELECT count(*) FROM " + schema + ".consort_schema"));
    }

    @Test
    void keepsEverythingAcrossAReopenAndASecondInstanceSeesItAtOnce() {
        store.putFact(fact("build.command", "mvn verify"));
        store.saveTask(task("t1", 0, T0));
        store.appendTaskEvent(new TaskEvent("t1", 0, T0, "status", "{}"));

        try (ContextStore other = open(schema, Map.of())) {
            assertEquals("mvn verify", other.fact("build.command").orElseThrow().text());
            assertEquals(1, other.taskEvents("t1").size());
            assertEquals(List.of("build.command"), other.retrieve(new Retrieval(List.of(), "verify", 10, WORDS))
                    .stream().map(Excerpt::key).toList());
        }
        store.close();
        store = newStore();
        assertEquals(1, store.facts().size());
    }

    @Test
    void opensTwoInstancesOnANewSchemaAtOnceMigratingItOnce() throws Exception {
        String fresh = TestPostgres.newSchema();
        schemas.add(fresh);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (ContextStore s = open(fresh, Map.of())) {
                    s.facts();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(String.valueOf(PostgresSchema.MIGRATIONS.size()),
                scalar("SELECT count(*) FROM " + fresh + ".consort_schema"));
    }

    @Test
    void migratesAVersionOneSchemaInPlaceCountingItsEarlierUsage() throws Exception {
        String old = TestPostgres.newSchema();
        schemas.add(old);
        try (Connection c = TestPostgres.dataSource().getConnection()) {
            c.setAutoCommit(false);
            PostgresMigrator.migrate(c, "test", old, PostgresSchema.MIGRATIONS.subList(0, 1),
                    java.time.Clock.systemUTC());
            c.commit();
        }
        TestPostgres.execute("INSERT INTO " + old + ".usage_ledger (time, session_id, backend, model, prompt_tokens,"
                + " completion_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, exact, cost_usd,"
                + " cost_pusd, failed) VALUES (0, 's', 'fast', 'm', 10, 5, 0, 0, 0, 1, '0.5', 500000000000, 0)");

        try (ContextStore migrated = open(old, Map.of())) {
            var state = migrated.sharedBudgets().orElseThrow().state(new dev.consort.spi.context.BudgetAccount(
                    "project", null, java.time.Instant.EPOCH, null, null, null));
            assertEquals(1, state.spent().requests());
            assertEquals(15, state.spent().tokens());
            assertEquals(0, new java.math.BigDecimal("0.5").compareTo(state.spent().usd()));
        }
    }

    @Test
    void refusesASchemaOfAnotherApplicationAndLeavesItUntouched() throws SQLException {
        String foreign = TestPostgres.newSchema();
        schemas.add(foreign);
        TestPostgres.execute("CREATE SCHEMA " + foreign, "CREATE TABLE " + foreign + ".customers (id int, name text)");

        ContextStoreException e = assertThrows(ContextStoreException.class, () -> open(foreign, Map.of()));

        assertTrue(e.getMessage().contains("another application") && e.getMessage().contains("customers"),
                e.getMessage());
        assertEquals("1", scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + foreign
                + "'"));
    }

    @Test
    void refusesASchemaWrittenByANewerConsort() throws SQLException {
        TestPostgres.execute("INSERT INTO " + schema + ".consort_schema VALUES (999, 'future', 0)");
        store.close();

        ContextStoreException e = assertThrows(ContextStoreException.class, this::newStore);

        assertTrue(e.getMessage().contains("999") && e.getMessage().contains("newer Consort"), e.getMessage());
        assertEquals("999", scalar("SELECT max(version) FROM " + schema + ".consort_schema"), "left untouched");
        TestPostgres.execute("DELETE FROM " + schema + ".consort_schema WHERE version = 999");
        store = newStore(); // so that closeStore() has one to close
    }

    @Test
    void anUnreachableServerIsOneLineNamingItAndNeverShowsThePassword() {
        ContextStoreException e = assertThrows(ContextStoreException.class, () -> new PostgresContextStoreProvider()
                .open(MapPluginConfig.of("context", Map.of("url", "jdbc:postgresql://127.0.0.1:1/consort",
                        "user", "consort", "password", "s3cret-pw", "connect_timeout", "1s")),
                        FixedPluginContext.inProject(dir)));

        assertTrue(e.getMessage().contains("127.0.0.1:1/consort") && e.getMessage().contains("could not be reached"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheUser() {
        ContextStoreException e = assertThrows(ContextStoreException.class,
                () -> open(schema, Map.of("password", "wrong")));

        assertTrue(e.getMessage().contains("refused the login of user 'consort'"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void aLostConnectionIsRetriedAndTheWriteIsKept() throws SQLException {
        store.putFact(fact("before", "x"));
        // Ends every connection of the store, as a server restart or a network cut would.
        TestPostgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'consort' AND pid <> pg_backend_pid()"
                + " AND datname = current_database()");

        store.putFact(fact("after", "y"));

        assertEquals(List.of("after", "before"), store.facts().stream().map(f -> f.key()).toList());
    }

    @Test
    void aWordInMostFactsIsLeftOutSoRareWordsDecideAndAllCommonQueriesStayBounded() throws SQLException {
        int common = FactSearch.COMMON_WORD_FACTS + 50;
        TestPostgres.execute("INSERT INTO " + schema + ".facts (key, text, tags, source, updated)"
                + " SELECT 'f' || lpad(i::text, 5, '0'), 'common filler number ' || i, '[\"t\"]', 'user', 0"
                + " FROM generate_series(0, " + (common - 1) + ") i");
        store.putFact(fact("needle", "a rare needle"));

        List<Excerpt> rare = store.retrieve(new Retrieval(List.of(), "common needle", 100, WORDS));
        assertEquals(List.of("needle"), rare.stream().map(Excerpt::key).toList());

        List<Excerpt> allCommon = store.retrieve(new Retrieval(List.of(), "common filler", 30, WORDS));
        assertEquals(8, allCommon.size());
        assertEquals(30, allCommon.stream().mapToInt(Excerpt::tokens).sum());
        assertTrue(allCommon.stream().allMatch(e -> e.key().compareTo("f00050") >= 0), allCommon.toString());
    }

    @Test
    void refusesUnknownKeysAndBadValuesInItsConfiguration() {
        PostgresContextStoreProvider provider = new PostgresContextStoreProvider();
        FixedPluginContext context = FixedPluginContext.inProject(dir);

        assertThrows(ConfigException.class, () -> provider.open(TestPostgres.config(schema, Map.of("urll", "x")),
                context));
        assertThrows(ConfigException.class, () -> provider.open(MapPluginConfig.of("context", Map.of()), context));
        assertThrows(ConfigException.class, () -> provider.open(TestPostgres.config(schema,
                Map.of("url", "jdbc:mysql://localhost/x")), context));
        assertThrows(ConfigException.class, () -> provider.open(TestPostgres.config("Bad-Schema", Map.of()), context));
        assertThrows(ConfigException.class, () -> provider.open(TestPostgres.config(schema,
                Map.of("pool_size", "0")), context));
        assertEquals(java.util.Set.of("password"), provider.sensitiveKeys());
    }

    @Test
    void isFoundByServiceLoaderAsTypePostgres() {
        assertTrue(ServiceLoader.load(ContextStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .anyMatch(p -> p.type().equals("postgres") && p instanceof PostgresContextStoreProvider));
    }
}
