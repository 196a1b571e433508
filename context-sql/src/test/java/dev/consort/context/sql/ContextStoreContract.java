package dev.consort.context.sql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Fact;
import dev.consort.spi.context.FileSummary;
import dev.consort.spi.context.Retrieval;
import dev.consort.spi.context.SessionInfo;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContextStore} does, whatever keeps its data. A store's test extends this and says
 * how to open a fresh, empty store.
 *
 * <p>Store-neutral on purpose: times carry at most microseconds (PostgreSQL's precision), decimals are
 * compared by value not scale, and retrieval is checked by order and budget, not by exact scores.
 */
public abstract class ContextStoreContract {

    /** Counts whitespace-separated words: easy to reason about in a test. */
    protected static final ToIntFunction<String> WORDS =
            text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");

    protected ContextStore store;

    /**
     * Opens a new, empty store.
     *
     * @return the store
     */
    protected abstract ContextStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) { // null when newStore() skipped the test (no server)
            store.close();
        }
    }

    protected static Fact fact(String key, String text) {
        return new Fact(key, text, List.of("t"), "user", T0);
    }

    private static Retrieval retrieval(List<String> keys, String query, int budget) {
        return new Retrieval(keys, query, budget, WORDS);
    }

    // ---- sessions -------------------------------------------------------------------------------

    @Test
    void keepsOneBufferPerBackendInOrderWithToolCalls() {
        List<Message> first = List.of(Message.system("be brief"), Message.user("list the files"));
        List<Message> second = List.of(
                Message.assistant("", List.of(new ToolCall("call_1", "list_dir", "{\"path\":\".\"}"))),
                Message.tool("call_1", "list_dir", "a.txt\nb \"quoted\" \\ name\n"),
                new Message(dev.consort.spi.chat.Role.USER, "thanks", "alice", null, List.of()));
        store.appendSessionMessages("s1", "fast", first);
        store.appendSessionMessages("s1", "planner", List.of(Message.user("plan it")));
        store.appendSessionMessages("s1", "fast", second);

        List<Message> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertEquals(expected, store.sessionMessages("s1", "fast"));
        assertEquals(List.of(Message.user("plan it")), store.sessionMessages("s1", "planner"));
        assertEquals(List.of(), store.sessionMessages("s2", "fast"));
        assertEquals(List.of(), store.sessionMessages("s1", "review"));
    }

    @Test
    void appendingAListWithANullMessageAddsNothing() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("one")));
        List<Message> broken = Arrays.asList(Message.user("two"), null);

        assertThrows(NullPointerException.class, () -> store.appendSessionMessages("s1", "fast", broken));

        assertEquals(List.of(Message.user("one")), store.sessionMessages("s1", "fast"));
    }

    @Test
    void resettingOneBackendLeavesOtherBackendsSessionsAndFactsAlone() {
        store.putFact(fact("build.command", "mvn verify"));
        store.appendSessionMessages("s1", "fast", List.of(Message.user("a")));
        store.appendSessionMessages("s1", "planner", List.of(Message.user("b")));
        store.appendSessionMessages("s2", "fast", List.of(Message.user("c")));

        store.resetSession("s1", "fast");

        assertEquals(List.of(), store.sessionMessages("s1", "fast"));
        assertEquals(List.of(Message.user("b")), store.sessionMessages("s1", "planner"));
        assertEquals(List.of(Message.user("c")), store.sessionMessages("s2", "fast"));
        assertTrue(store.fact("build.command").isPresent());
    }

    @Test
    void resettingWithoutABackendEmptiesEveryBufferOfThatSessionOnly() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("a")));
        store.appendSessionMessages("s1", "planner", List.of(Message.user("b")));
        store.appendSessionMessages("s2", "fast", List.of(Message.user("c")));

        store.resetSession("s1", null);

        assertEquals(List.of(), store.sessionMessages("s1", "fast"));
        assertEquals(List.of(), store.sessionMessages("s1", "planner"));
        assertEquals(List.of(Message.user("c")), store.sessionMessages("s2", "fast"));
    }

    @Test
    void appendingAfterAResetStartsTheBufferAfresh() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("old")));
        store.resetSession("s1", "fast");
        store.appendSessionMessages("s1", "fast", List.of(Message.user("new")));

        assertEquals(List.of(Message.user("new")), store.sessionMessages("s1", "fast"));
    }

    @Test
    void listsSessionsMostRecentFirstWithMessageCountsPerBackend() {
        store.appendSessionMessages("old", "fast", List.of(Message.user("a"), Message.assistant("b")));
        store.appendSessionMessages("new", "fast", List.of(Message.user("c")));
        store.appendSessionMessages("new", "planner", List.of(Message.user("d"), Message.assistant("e"),
                Message.user("f")));

        List<SessionInfo> sessions = store.sessions();

        assertEquals(List.of("new", "old"), sessions.stream().map(SessionInfo::sessionId).toList());
        assertEquals(Map.of("fast", 1, "planner", 3), sessions.get(0).messageCounts());
        assertEquals(Map.of("fast", 2), sessions.get(1).messageCounts());
        assertFalse(sessions.get(0).lastActive().isBefore(sessions.get(1).lastActive()));
    }

    // ---- facts ----------------------------------------------------------------------------------

    @Test
    void addsReplacesListsAndForgetsFactsByKey() {
        Fact build = new Fact("build.command", "mvn verify", List.of("build", "maven"), "user", T0);
        Fact lang = new Fact("lang", "Java 21", List.of(), "pom.xml", T0.plusSeconds(1));
        store.putFact(lang);
        store.putFact(build);

        assertEquals(build, store.fact("build.command").orElseThrow());
        assertEquals(List.of(build, lang), store.facts());

        Fact rebuilt = new Fact("build.command", "./mvnw -B verify", List.of("build"), "task:7", T0.plusSeconds(2));
        store.putFact(rebuilt);
        assertEquals(List.of(rebuilt, lang), store.facts());

        assertTrue(store.forgetFact("build.command"));
        assertFalse(store.forgetFact("build.command"));
        assertTrue(store.fact("build.command").isEmpty());
        assertEquals(List.of(lang), store.facts());
    }

    // ---- retrieval ------------------------------------------------------------------------------

    @Test
    void retrievalTakesFactsNamedByKeyFirstInTheirOrderThenFullTextMatches() {
        store.putFact(fact("a", "alpha notes"));
        store.putFact(fact("b", "the deployment uses kubernetes"));
        store.putFact(fact("c", "gamma notes"));
        store.putFact(fact("d", "unrelated words"));

        List<Excerpt> excerpts = store.retrieve(retrieval(List.of("c", "missing", "a", "c"), "kubernetes", 100));

        assertEquals(List.of("c", "a", "b"), excerpts.stream().map(Excerpt::key).toList());
        assertEquals("gamma notes", excerpts.get(0).text());
        assertEquals(1.0, excerpts.get(0).score());
        assertEquals(2, excerpts.get(0).tokens());
        assertTrue(excerpts.stream().allMatch(e -> e.source().equals("fact")));
    }

    @Test
    void retrievalDoesNotRepeatAFactAlreadyTakenByKey() {
        store.putFact(fact("deploy", "deploy with kubernetes"));
        store.putFact(fact("other", "kubernetes cluster name is prod"));

        List<Excerpt> excerpts = store.retrieve(retrieval(List.of("deploy"), "kubernetes", 100));

        assertEquals(List.of("deploy", "other"), excerpts.stream().map(Excerpt::key).toList());
    }

    @Test
    void retrievalRanksFullTextMatchesBestFirst() {
        store.putFact(fact("weak", "we once wrote about many subjects, among them caching, logging, deployment,"
                + " monitoring, storage, networking and on one occasion also gradle, then moved on"));
        store.putFact(fact("strong", "gradle builds: gradle wrapper, gradle cache"));
        store.putFact(fact("none", "maven only"));

        List<Excerpt> excerpts = store.retrieve(retrieval(List.of(), "How do I run Gradle?", 1_000));

        assertEquals(List.of("strong", "weak"), excerpts.stream().map(Excerpt::key).toList());
        assertTrue(excerpts.get(0).score() > excerpts.get(1).score(), excerpts.toString());
    }

    @Test
    void retrievalStaysWithinTheBudgetAndTrimsOnlyTheLastExcerptByLines() {
        store.putFact(fact("one", "one two three four five"));
        store.putFact(fact("two", "six seven eight nine ten"));
        store.putFact(fact("three", "line one here now\nline two here now\nline three here now"));

        List<Excerpt> excerpts = store.retrieve(retrieval(List.of("one", "two", "three"), null, 19));

        assertEquals(List.of("one", "two", "three"), excerpts.stream().map(Excerpt::key).toList());
        assertEquals("one two three four five", excerpts.get(0).text());
        assertEquals("line one here now\nline two here now", excerpts.get(2).text());
        assertEquals(8, excerpts.get(2).tokens());
        assertEquals(18, excerpts.stream().mapToInt(Excerpt::tokens).sum());
    }

    @Test
    void retrievalTrimsASingleLineByWordsAndStopsThere() {
        store.putFact(fact("long", "one two three four five six seven eight nine ten"));
        store.putFact(fact("next", "eleven"));

        List<Excerpt> excerpts = store.retrieve(retrieval(List.of("long", "next"), null, 3));

        assertEquals(1, excerpts.size());
        assertEquals("one two three", excerpts.get(0).text());
        assertEquals(3, excerpts.get(0).tokens());
    }

    @Test
    void retrievalCountsWithTheCallersCounterAndNeverExceedsTheBudget() {
        for (int i = 0; i < 40; i++) {
            store.putFact(fact("f" + i, "shared topic " + "word ".repeat(i % 7) + "end"));
        }
        ToIntFunction<String> chars = text -> (text.length() + 3) / 4;

        for (int budget : new int[] {0, 1, 5, 17, 64, 300}) {
            List<Excerpt> excerpts = store.retrieve(new Retrieval(List.of("f3"), "shared topic", budget, chars));
            int sum = excerpts.stream().mapToInt(Excerpt::tokens).sum();
            assertTrue(sum <= budget, "budget " + budget + " got " + sum);
            excerpts.forEach(e -> assertEquals(chars.applyAsInt(e.text()), e.tokens()));
        }
    }

    @Test
    void retrievalWithAZeroBudgetOrNoQueryAndNoKeysIsEmpty() {
        store.putFact(fact("a", "alpha"));

        assertEquals(List.of(), store.retrieve(retrieval(List.of("a"), "alpha", 0)));
        assertEquals(List.of(), store.retrieve(retrieval(List.of(), null, 100)));
        assertEquals(List.of(), store.retrieve(retrieval(List.of(), "   ", 100)));
    }

    @Test
    void retrievalTreatsPunctuationAndOperatorsInTheQueryAsPlainText() {
        store.putFact(fact("near", "the NEAR operator and column filters"));
        List<String> queries = List.of("\"unbalanced", "NEAR(a b", "a AND OR NOT", "*", "col:x", "^start",
                "'); DROP TABLE facts; --", "!!!", "(((", "key:near", "near*", "\u00e9t\u00e9 \u65e5\u672c",
                "NOT", "-minus +plus", "{a b}: c");
        for (String query : queries) {
            assertDoesNotThrow(() -> store.retrieve(retrieval(List.of(), query, 100)), query);
        }
        assertEquals(List.of("near"),
                store.retrieve(retrieval(List.of(), "NEAR(", 100)).stream().map(Excerpt::key).toList());
        assertEquals(1, store.facts().size());
    }

    @Test
    void retrievalNoLongerFindsAForgottenOrReplacedFactsOldText() {
        store.putFact(fact("a", "postgres database"));
        store.putFact(fact("b", "sqlite database"));
        store.forgetFact("a");
        store.putFact(fact("b", "embedded file"));

        assertEquals(List.of(), store.retrieve(retrieval(List.of(), "postgres sqlite", 100)));
        assertEquals(List.of("b"),
                store.retrieve(retrieval(List.of(), "embedded", 100)).stream().map(Excerpt::key).toList());
    }

    // ---- file summaries -------------------------------------------------------------------------

    @Test
    void fileSummaryIsValidOnlyForTheContentItWasMadeFor() {
        FileSummary v1 = new FileSummary("src/Main.java", "aa11", "prints hello", 2, T0);
        store.putFileSummary(v1);

        assertEquals(v1, store.fileSummary("src/Main.java", "aa11").orElseThrow());
        assertTrue(store.fileSummary("src/Main.java", "bb22").isEmpty());
        assertTrue(store.fileSummary("src/Other.java", "aa11").isEmpty());

        FileSummary v2 = new FileSummary("src/Main.java", "bb22", "prints hello twice", 3, T0.plusSeconds(5));
        store.putFileSummary(v2);
        assertEquals(v2, store.fileSummary("src/Main.java", "bb22").orElseThrow());
        assertTrue(store.fileSummary("src/Main.java", "aa11").isEmpty());
    }

    // ---- personas -------------------------------------------------------------------------------

    @Test
    void personaOverridesAreSetPerBackendReplacedAndCleared() {
        Persona terse = new Persona("Terse", "Answer in one line.");
        store.setPersonaOverride("fast", terse);
        store.setPersonaOverride("planner", Persona.NONE);

        assertEquals(terse, store.personaOverride("fast").orElseThrow());
        assertEquals(Persona.NONE, store.personaOverride("planner").orElseThrow());
        assertTrue(store.personaOverride("review").isEmpty());

        Persona chatty = new Persona("Chatty", "Explain at length.");
        store.setPersonaOverride("fast", chatty);
        assertEquals(chatty, store.personaOverride("fast").orElseThrow());

        store.clearPersonaOverride("fast");
        store.clearPersonaOverride("nobody");
        assertTrue(store.personaOverride("fast").isEmpty());
        assertTrue(store.personaOverride("planner").isPresent());
    }

    // ---- usage ----------------------------------------------------------------------------------

    private static UsageRecord call(Instant time, String session, String backend, Usage usage, String cost,
                                    boolean failed) {
        return new UsageRecord(time, session, null, backend, backend + "-model", usage, new BigDecimal(cost), failed);
    }

    private static void assertCost(String expected, UsageStats stats) {
        assertEquals(0, new BigDecimal(expected).compareTo(stats.costUsd()),
                "expected $" + expected + " but was $" + stats.costUsd().toPlainString());
    }

    @Test
    void usageTotalsPerBackendAddUpExactDecimals() {
        store.recordUsage(call(T0, "s1", "fast", Usage.exact(100, 20), "0.1", false));
        store.recordUsage(call(T0, "s1", "fast", Usage.exact(50, 10), "0.2", false));
        store.recordUsage(call(T0, "s1", "fast", Usage.exact(0, 0), "0", true));
        store.recordUsage(call(T0, "s1", "planner", Usage.estimated(7, 3), "0.000000123456", false));
        store.recordUsage(new UsageRecord(T0, "s1", "task-1", "planner", "opus",
                new Usage(1000, 500, 800, 100, 200, true), new BigDecimal("12.345678901234"), false));

        Map<String, UsageStats> totals = store.usageByBackend(UsageScope.ALL);

        assertEquals(Set.of("fast", "planner"), totals.keySet());
        UsageStats fast = totals.get("fast");
        assertEquals(3, fast.requests());
        assertEquals(150, fast.promptTokens());
        assertEquals(30, fast.completionTokens());
        assertEquals(1, fast.errors());
        assertFalse(fast.estimated());
        assertCost("0.3", fast);
        UsageStats planner = totals.get("planner");
        assertEquals(2, planner.requests());
        assertEquals(1007, planner.promptTokens());
        assertEquals(503, planner.completionTokens());
        assertTrue(planner.estimated());
        assertCost("12.345679024690", planner);
    }

    @Test
    void usageTotalsCanBeLimitedToASessionOrATime() {
        store.recordUsage(call(T0, "s1", "fast", Usage.exact(1, 1), "0.01", false));
        store.recordUsage(call(T0.plus(Duration.ofDays(1)), "s2", "fast", Usage.exact(2, 2), "0.02", false));
        store.recordUsage(call(T0.plus(Duration.ofDays(2)), "s2", "review", Usage.exact(4, 4), "0.04", false));

        Map<String, UsageStats> s2 = store.usageByBackend(new UsageScope.Session("s2"));
        assertEquals(Set.of("fast", "review"), s2.keySet());
        assertCost("0.02", s2.get("fast"));

        Map<String, UsageStats> sinceDay1 = store.usageByBackend(new UsageScope.Since(T0.plus(Duration.ofDays(1))));
        assertEquals(1, sinceDay1.get("fast").requests());
        assertCost("0.04", sinceDay1.get("review"));

        assertEquals(Map.of(), store.usageByBackend(new UsageScope.Since(T0.plus(Duration.ofDays(3)))));
        assertEquals(Map.of(), store.usageByBackend(new UsageScope.Session("nobody")));
        assertEquals(3, store.usageByBackend(new UsageScope.Since(Instant.EPOCH)).values().stream()
                .mapToLong(UsageStats::requests).sum());
    }

    // ---- tasks ----------------------------------------------------------------------------------

    protected static TaskRecord task(String id, int priority, Instant created) {
        return new TaskRecord(id, "title " + id, "code", TaskStatus.QUEUED, priority, "s1", "do " + id,
                List.of("build.command"), null, 10, 0, created, created, null, null, null, null);
    }

    @Test
    void tasksRunByPriorityThenAge() {
        store.saveTask(task("low-old", 0, T0));
        store.saveTask(task("high-new", 5, T0.plusSeconds(20)));
        store.saveTask(task("low-new", 0, T0.plusSeconds(30)));
        store.saveTask(task("high-old", 5, T0.plusSeconds(10)));
        store.saveTask(task("negative", -1, T0.minusSeconds(100)));

        assertEquals(List.of("high-old", "high-new", "low-old", "low-new", "negative"),
                store.tasks().stream().map(TaskRecord::id).toList());
    }

    @Test
    void savingATaskAgainReplacesItAndKeepsItsHistory() {
        TaskRecord queued = task("t1", 1, T0);
        store.saveTask(queued);
        store.appendTaskEvent(new TaskEvent("t1", 0, T0, "status", "{\"status\":\"running\"}"));

        TaskRecord done = new TaskRecord("t1", "title t1", "code", TaskStatus.DONE, 1, "s1", "do t1",
                List.of("a", "b"), new BigDecimal("0.50"), 10, 1, T0, T0.plusSeconds(9), "all good", null, null, null);
        store.saveTask(done);

        assertEquals(done, store.task("t1").orElseThrow());
        assertEquals(new BigDecimal("0.50"), store.task("t1").orElseThrow().maxUsd());
        assertEquals(1, store.taskEvents("t1").size());
        assertTrue(store.task("t2").isEmpty());
        assertEquals(List.of(done), store.tasks());
    }

    @Test
    void taskEventsAreNumberedFromOnePerTaskInOrder() {
        store.saveTask(task("t1", 0, T0));
        store.saveTask(task("t2", 0, T0));

        TaskEvent first = store.appendTaskEvent(new TaskEvent("t1", 0, T0, "message", "{\"n\":1}"));
        store.appendTaskEvent(new TaskEvent("t2", 0, T0, "message", "{}"));
        TaskEvent second = store.appendTaskEvent(new TaskEvent("t1", 99, T0.plusSeconds(1), "tool_call", "{\"n\":2}"));

        assertEquals(1, first.seq());
        assertEquals(2, second.seq());
        assertEquals(new TaskEvent("t1", 2, T0.plusSeconds(1), "tool_call", "{\"n\":2}"), second);
        assertEquals(List.of(first, second), store.taskEvents("t1"));
        assertEquals(List.of(1L), store.taskEvents("t2").stream().map(TaskEvent::seq).toList());
        assertEquals(List.of(), store.taskEvents("t3"));
    }

    // ---- task claims ----------------------------------------------------------------------------

    @Test
    void claimTakesTheNextQueuedTaskOnceAndCountsTheAttempt() {
        store.saveTask(task("low", 0, T0));
        store.saveTask(task("high", 5, T0.plusSeconds(1)));

        TaskRecord first = store.claimTask("w1", Duration.ofMinutes(1), null).orElseThrow();
        TaskRecord second = store.claimTask("w2", Duration.ofMinutes(1), null).orElseThrow();

        assertEquals("high", first.id());
        assertEquals(TaskStatus.RUNNING, first.status());
        assertEquals(1, first.attempts());
        assertEquals("w1", first.owner());
        assertTrue(first.leaseUntil().isAfter(Instant.now().plusSeconds(30)));
        assertEquals("low", second.id());
        assertEquals("w2", store.task("low").orElseThrow().owner());
        assertTrue(store.claimTask("w3", Duration.ofMinutes(1), null).isEmpty(), "nothing left to take");
    }

    @Test
    void claimByIdTakesOnlyThatTaskAndOnlyWhenItIsFree() {
        store.saveTask(task("a", 9, T0));
        store.saveTask(task("b", 0, T0));

        assertEquals("b", store.claimTask("w1", Duration.ofMinutes(1), "b").orElseThrow().id());
        assertTrue(store.claimTask("w2", Duration.ofMinutes(1), "b").isEmpty(), "held by w1");
        assertTrue(store.claimTask("w2", Duration.ofMinutes(1), "missing").isEmpty());
        store.saveTask(store.task("a").orElseThrow().released(TaskStatus.DONE, "ok", null, T0));
        assertTrue(store.claimTask("w2", Duration.ofMinutes(1), "a").isEmpty(), "a finished task is not taken");
    }

    @Test
    void aTaskWhoseLeaseRanOutIsTakenOverAndItsOldOwnerCanNoLongerWrite() throws InterruptedException {
        store.saveTask(task("t1", 0, T0));
        TaskRecord byDead = store.claimTask("dead", Duration.ofMillis(1), null).orElseThrow();
        Thread.sleep(20);

        TaskRecord byLive = store.claimTask("live", Duration.ofMinutes(1), null).orElseThrow();

        assertEquals("t1", byLive.id());
        assertEquals(2, byLive.attempts());
        assertFalse(store.renewTaskLease("t1", "dead", Duration.ofMinutes(1)));
        assertFalse(store.saveClaimedTask(byDead.released(TaskStatus.DONE, "late", null, T0), "dead"));
        assertEquals("live", store.task("t1").orElseThrow().owner());
        assertTrue(store.renewTaskLease("t1", "live", Duration.ofMinutes(5)));
        assertTrue(store.saveClaimedTask(byLive.released(TaskStatus.DONE, "ok", null, T0.plusSeconds(1)), "live"));
        TaskRecord done = store.task("t1").orElseThrow();
        assertEquals(TaskStatus.DONE, done.status());
        assertEquals("ok", done.result());
        assertNull(done.owner());
        assertNull(done.leaseUntil());
    }

    @Test
    void aCancelledTaskStopsItsWorker() {
        store.saveTask(task("t1", 0, T0));
        TaskRecord running = store.claimTask("w1", Duration.ofMinutes(1), null).orElseThrow();

        store.saveTask(running.released(TaskStatus.CANCELLED, null, "cancelled by the user", T0));

        assertFalse(store.renewTaskLease("t1", "w1", Duration.ofMinutes(1)));
        assertFalse(store.saveClaimedTask(running.with(TaskStatus.DONE, "ok", null, T0), "w1"));
        assertEquals(TaskStatus.CANCELLED, store.task("t1").orElseThrow().status());
    }

    @Test
    void concurrentWorkersTakeEveryTaskExactlyOnce() throws Exception {
        int tasks = 40;
        for (int i = 0; i < tasks; i++) {
            store.saveTask(task("t" + i, i % 3, T0.plusSeconds(i)));
        }
        java.util.concurrent.ConcurrentHashMap<String, String> takenBy = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger doubles = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int w = 0; w < 4; w++) {
                String worker = "w" + w;
                pool.submit(() -> {
                    Optional<TaskRecord> t;
                    while ((t = store.claimTask(worker, Duration.ofMinutes(1), null)).isPresent()) {
                        if (takenBy.putIfAbsent(t.get().id(), worker) != null) {
                            doubles.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        assertEquals(0, doubles.get());
        assertEquals(tasks, takenBy.size());
    }
}
