package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.SqliteConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteContextStoreTest extends ContextStoreContract {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("consort.db");
    }

    @Override
    protected ContextStore newStore() {
        return new SqliteContextStoreProvider().open(SqliteConfig.at(file()), FixedPluginContext.inProject(dir));
    }

    static String pragma(Path db, String pragma) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(Path db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void opensConsortDbInTheStateFolderByDefaultCreatingIt() {
        Path project = dir.resolve("project");
        try (ContextStore store = new SqliteContextStoreProvider().open(
                MapPluginConfig.of("context", Map.of("store", "sqlite")), FixedPluginContext.inProject(project))) {
            store.putFact(fact("k", "v"));
        }
        assertTrue(Files.isRegularFile(project.resolve(".consort").resolve("consort.db")));
    }

    @Test
    void usesTheConfiguredPathCreatingMissingFolders() {
        Path elsewhere = dir.resolve("a/b/c/memory.sqlite");
        try (ContextStore store = new SqliteContextStoreProvider().open(SqliteConfig.at(elsewhere),
                FixedPluginContext.inProject(dir))) {
            store.putFact(fact("k", "v"));
        }
        assertTrue(Files.isRegularFile(elsewhere));
        assertFalse(Files.exists(dir.resolve(".consort")));
    }

    @Test
    void writesAWalDatabaseMarkedAsOursAtTheLatestVersion() throws SQLException {
        store.putFact(fact("k", "v"));
        store.close();

        assertEquals("wal", pragma(file(), "journal_mode"));
        assertEquals(String.valueOf(SqliteSchema.latestVersion()), pragma(file(), "user_version"));
        assertEquals(String.valueOf(SqliteSchema.APPLICATION_ID), pragma(file(), "application_id"));
        assertEquals("ok", pragma(file(), "integrity_check"));
    }

    @Test
    void keepsEverythingAcrossAReopen() {
        store.putFact(fact("build.command", "mvn verify"));
        store.saveTask(task("t1", 0, T0));
        store.appendTaskEvent(new TaskEvent("t1", 0, T0, "status", "{}"));
        store.close();

        store = newStore();
        assertEquals("mvn verify", store.fact("build.command").orElseThrow().text());
        assertEquals(1, store.taskEvents("t1").size());
        assertEquals(List.of("build.command"), store.retrieve(new Retrieval(List.of(), "verify", 10, WORDS))
                .stream().map(Excerpt::key).toList());
    }

    @Test
    void refusesATextFileAndLeavesItUntouched() throws Exception {
        store.close();
        Path notes = dir.resolve("notes.txt");
        byte[] content = "These are my notes, not a database.\n".repeat(50).getBytes(StandardCharsets.UTF_8);
        Files.write(notes, content);

        ContextStoreException e = assertThrows(ContextStoreException.class, () -> new SqliteContextStoreProvider()
                .open(SqliteConfig.at(notes), FixedPluginContext.inProject(dir)));

        assertTrue(e.getMessage().contains(notes.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a SQLite database"), e.getMessage());
        assertArrayEquals(content, Files.readAllBytes(notes));
        assertFalse(Files.exists(dir.resolve("notes.txt-wal")));
    }

    @Test
    void refusesASqliteDatabaseOfAnotherApplicationAndLeavesItUntouched() throws Exception {
        store.close();
        Path foreign = dir.resolve("shop.db");
        execute(foreign, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                "INSERT INTO customers (name) VALUES ('Ada')");
        byte[] before = Files.readAllBytes(foreign);

        ContextStoreException e = assertThrows(ContextStoreException.class, () -> new SqliteContextStoreProvider()
                .open(SqliteConfig.at(foreign), FixedPluginContext.inProject(dir)));

        assertTrue(e.getMessage().contains(foreign.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("customers"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(foreign));
        assertEquals("delete", pragma(foreign, "journal_mode"));
        assertFalse(Files.exists(dir.resolve("shop.db-wal")));
    }

    @Test
    void refusesASqliteDatabaseWithAnotherApplicationId() throws Exception {
        store.close();
        Path foreign = dir.resolve("other.db");
        execute(foreign, "PRAGMA application_id = 1234", "PRAGMA user_version = 3");

        ContextStoreException e = assertThrows(ContextStoreException.class, () -> new SqliteContextStoreProvider()
                .open(SqliteConfig.at(foreign), FixedPluginContext.inProject(dir)));

        assertTrue(e.getMessage().contains("another application"), e.getMessage());
    }

    @Test
    void refusesADatabaseWrittenByANewerConsort() throws Exception {
        store.close();
        execute(file(), "PRAGMA user_version = 999");

        ContextStoreException e = assertThrows(ContextStoreException.class, this::newStore);

        assertTrue(e.getMessage().contains("999"), e.getMessage());
        assertTrue(e.getMessage().contains("newer Consort"), e.getMessage());
        assertEquals("999", pragma(file(), "user_version"));
    }

    @Test
    void treatsAnEmptyFileAsANewStore() throws Exception {
        store.close();
        Path empty = Files.createFile(dir.resolve("empty.db"));

        try (ContextStore fresh = new SqliteContextStoreProvider().open(SqliteConfig.at(empty),
                FixedPluginContext.inProject(dir))) {
            fresh.putFact(fact("k", "v"));
            assertTrue(fresh.fact("k").isPresent());
        }
    }

    @Test
    void migratesAVersionOneDatabaseInPlaceAndIndexesItsFacts() throws Exception {
        store.close();
        Path old = dir.resolve("v1.db");
        SqliteSettings settings = SqliteSettings.of(old);
        SqliteDatabase.open(settings, SqliteSchema.MIGRATIONS.subList(0, 1), Clock.systemUTC()).close();
        execute(old, "INSERT INTO facts (key, text, tags, source, updated) VALUES"
                + " ('deploy', 'we deploy with kubernetes', '[\"ops\"]', 'user', 0)");
        assertEquals("1", pragma(old, "user_version"));

        try (ContextStore migrated = SqliteContextStore.open(settings, Clock.systemUTC())) {
            assertEquals(List.of("ops"), migrated.fact("deploy").orElseThrow().tags());
            assertEquals(List.of("deploy"), migrated.retrieve(new Retrieval(List.of(), "kubernetes", 50, WORDS))
                    .stream().map(Excerpt::key).toList());
        }
        assertEquals(String.valueOf(SqliteSchema.latestVersion()), pragma(old, "user_version"));
        assertEquals(String.valueOf(SqliteSchema.latestVersion()), countLog(old), "one log row per migration applied");
    }

    private static String countLog(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM consort_schema")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aWordInMostFactsIsLeftOutSoRareWordsDecideAndAllCommonQueriesStayBounded() {
        int common = FactSearch.COMMON_WORD_FACTS + 50;
        for (int i = 0; i < common; i++) {
            store.putFact(fact(String.format("f%05d", i), "common filler number " + i));
        }
        store.putFact(fact("needle", "a rare needle"));

        List<Excerpt> rare = store.retrieve(new Retrieval(List.of(), "common needle", 100, WORDS));
        assertEquals(List.of("needle"), rare.stream().map(Excerpt::key).toList());

        List<Excerpt> allCommon = store.retrieve(new Retrieval(List.of(), "common filler", 30, WORDS));
        assertEquals(8, allCommon.size());
        assertEquals(30, allCommon.stream().mapToInt(Excerpt::tokens).sum());
        assertTrue(allCommon.stream().allMatch(e -> e.key().compareTo("f00050") >= 0), allCommon.toString());
    }

    @Test
    void aWriteWaitsForAnotherWriterUpToTheBusyTimeoutThenFailsNamingTheFile() throws Exception {
        store.putFact(fact("k", "v"));
        store.close();
        try (ContextStore patient = new SqliteContextStoreProvider().open(MapPluginConfig.of("context",
                Map.of("path", file().toString(), "busy_timeout", "200ms")), FixedPluginContext.inProject(dir));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();

            ContextStoreException e = assertThrows(ContextStoreException.class, () -> patient.putFact(fact("x", "y")));

            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 150, "did not wait");
            assertTrue(e.getMessage().contains(file().toString()) && e.getMessage().contains("busy_timeout"),
                    e.getMessage());
            assertEquals("v", patient.fact("k").orElseThrow().text(), "reads go on while another process writes");
            s.execute("ROLLBACK");
            patient.putFact(fact("x", "y"));
            assertTrue(patient.fact("x").isPresent());
        }
    }

    @Test
    void appendingAnEventToAnUnknownTaskFailsNamingIt() {
        ContextStoreException e = assertThrows(ContextStoreException.class,
                () -> store.appendTaskEvent(new TaskEvent("ghost", 0, T0, "status", "{}")));

        assertTrue(e.getMessage().contains("ghost"), e.getMessage());
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
    }

    @Test
    void aClosedStoreFailsClearlyAndClosingTwiceIsHarmless() {
        store.close();
        store.close();

        ContextStoreException e = assertThrows(ContextStoreException.class, () -> store.facts());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void refusesUnknownKeysAndBadValuesInItsConfiguration() {
        SqliteContextStoreProvider provider = new SqliteContextStoreProvider();
        FixedPluginContext context = FixedPluginContext.inProject(dir);

        assertThrows(ConfigException.class, () -> provider.open(
                MapPluginConfig.of("context", Map.of("store", "sqlite", "pth", "x.db")), context));
        assertThrows(ConfigException.class, () -> provider.open(
                MapPluginConfig.of("context", Map.of("synchronous", "sometimes")), context));
    }

    @Test
    void readsBusyTimeoutAndSynchronousFromItsConfiguration() {
        SqliteSettings settings = SqliteContextStoreProvider.settings(MapPluginConfig.of("context",
                Map.of("busy_timeout", "250ms", "synchronous", "NORMAL", "path", "rel/x.db")),
                FixedPluginContext.inProject(dir));

        assertEquals(Duration.ofMillis(250), settings.busyTimeout());
        assertEquals(SqliteSettings.Durability.NORMAL, settings.durability());
        assertTrue(settings.path().isAbsolute());
        assertEquals(SqliteSettings.DEFAULT_BUSY_TIMEOUT, SqliteContextStoreProvider.settings(
                MapPluginConfig.of("context", Map.of()), FixedPluginContext.inProject(dir)).busyTimeout());
    }

    @Test
    void isFoundByServiceLoaderAsTypeSqlite() {
        assertTrue(ServiceLoader.load(ContextStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .anyMatch(p -> p.type().equals("sqlite") && p instanceof SqliteContextStoreProvider));
    }
}
