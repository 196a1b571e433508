package dev.consort.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class InMemoryContextStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    /** One token a word: easy to reason about budgets. */
    private static final ToIntFunction<String> WORDS = s -> s.isBlank() ? 0 : s.trim().split("\\s+").length;

    private final InMemoryContextStore store = new InMemoryContextStore();

    private static Fact fact(String key, String text, String... tags) {
        return new Fact(key, text, List.of(tags), "user", T0);
    }

    private static TaskRecord task(String id, int priority, Instant created) {
        return new TaskRecord(id, "t " + id, "code", TaskStatus.QUEUED, priority, "s1", "do " + id, List.of(), null,
                10, 0, created, created, null, null, null, null);
    }

    @Test
    void keepsSessionsPerBackend() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("hi"), Message.assistant("hello")));
        store.appendSessionMessages("s1", "deep", List.of(Message.user("plan")));
        store.appendSessionMessages("s1", "fast", List.of(Message.user("again")));
        assertEquals(List.of(Message.user("hi"), Message.assistant("hello"), Message.user("again")),
                store.sessionMessages("s1", "fast"));
        assertEquals(List.of(Message.user("plan")), store.sessionMessages("s1", "deep"));
        assertEquals(List.of(), store.sessionMessages("s2", "fast"));
        assertEquals(List.of(), store.sessionMessages("s1", "other"));
    }

    @Test
    void resetsOneBackendOrTheWholeSession() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("a")));
        store.appendSessionMessages("s1", "deep", List.of(Message.user("b")));
        store.appendSessionMessages("s2", "fast", List.of(Message.user("c")));
        store.resetSession("s1", "fast");
        assertEquals(List.of(), store.sessionMessages("s1", "fast"));
        assertEquals(1, store.sessionMessages("s1", "deep").size());
        assertEquals(1, store.sessionMessages("s2", "fast").size(), "other sessions are untouched");
        store.resetSession("s1", null);
        assertEquals(List.of(), store.sessionMessages("s1", "deep"));
        store.resetSession("unknown", "fast");
    }

    @Test
    void returnedSessionMessagesAreACopy() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("a")));
        List<Message> seen = store.sessionMessages("s1", "fast");
        store.appendSessionMessages("s1", "fast", List.of(Message.user("b")));
        assertEquals(1, seen.size());
    }

    @Test
    void listsSessionsWithMessageCounts() {
        store.appendSessionMessages("s1", "fast", List.of(Message.user("a"), Message.user("b")));
        store.appendSessionMessages("s1", "deep", List.of(Message.user("c")));
        List<SessionInfo> sessions = store.sessions();
        assertEquals(1, sessions.size());
        assertEquals("s1", sessions.get(0).sessionId());
        assertEquals(Map.of("fast", 2, "deep", 1), sessions.get(0).messageCounts());
    }

    @Test
    void storesReplacesAndForgetsFactsInKeyOrder() {
        store.putFact(fact("b.key", "two"));
        store.putFact(fact("a.key", "one"));
        store.putFact(fact("b.key", "two, updated"));
        assertEquals(Optional.of("two, updated"), store.fact("b.key").map(Fact::text));
        assertEquals(List.of("a.key", "b.key"), store.facts().stream().map(Fact::key).toList());
        assertTrue(store.forgetFact("a.key"));
        assertFalse(store.forgetFact("a.key"));
        assertEquals(Optional.empty(), store.fact("a.key"));
    }

    @Test
    void retrievesFactsByKeyFirstThenByQuery() {
        store.putFact(fact("build.command", "run mvn install to build"));
        store.putFact(fact("style", "tests name the behaviour"));
        store.putFact(fact("deploy", "deploy with the build script and mvn deploy"));
        List<Excerpt> got = store.retrieve(new Retrieval(List.of("style"), "mvn build", 100, WORDS));
        assertEquals(List.of("style", "build.command", "deploy"), got.stream().map(Excerpt::key).toList(),
                "keys first, then matches; equal scores in key order");
        assertEquals(1.0, got.get(0).score());
        assertEquals("fact", got.get(0).source());
        assertEquals(4, got.get(0).tokens());
    }

    @Test
    void ranksQueryMatchesByTermsFound() {
        store.putFact(fact("a", "alpha only"));
        store.putFact(fact("b", "alpha and beta"));
        store.putFact(fact("c", "nothing relevant"));
        store.putFact(fact("d", "plain", "beta"));
        List<Excerpt> got = store.retrieve(new Retrieval(List.of(), "Alpha, BETA!", 100, WORDS));
        assertEquals(List.of("b", "a", "d"), got.stream().map(Excerpt::key).toList());
        assertEquals(2.0, got.get(0).score());
    }

    @Test
    void aFactFetchedByKeyIsNotRepeatedByTheQuery() {
        store.putFact(fact("k", "alpha"));
        List<Excerpt> got = store.retrieve(new Retrieval(List.of("k"), "alpha", 100, WORDS));
        assertEquals(1, got.size());
    }

    @Test
    void staysWithinTheTokenBudgetTrimmingTheLastExcerpt() {
        store.putFact(fact("first", "one two three four five"));
        store.putFact(fact("second", "six seven eight nine ten eleven twelve"));
        List<Excerpt> got = store.retrieve(new Retrieval(List.of("first", "second"), null, 9, WORDS));
        assertEquals(2, got.size());
        assertEquals("one two three four five", got.get(0).text());
        assertTrue(got.get(1).text().endsWith(" …"), got.get(1).text());
        assertTrue(got.get(1).text().startsWith("six seven"), got.get(1).text());
        int total = got.stream().mapToInt(Excerpt::tokens).sum();
        assertTrue(total <= 9, "total " + total);
        assertEquals(4, got.get(1).tokens());
    }

    @Test
    void unknownKeysAndAnEmptyBudgetGiveNothing() {
        store.putFact(fact("k", "text here"));
        assertEquals(List.of(), store.retrieve(new Retrieval(List.of("missing"), null, 100, WORDS)));
        assertEquals(List.of(), store.retrieve(new Retrieval(List.of("k"), "text", 0, WORDS)));
        assertEquals(List.of(), store.retrieve(new Retrieval(List.of(), "  ", 100, WORDS)));
    }

    @Test
    void keepsFileSummariesByContentHash() {
        FileSummary s = new FileSummary("src/A.java", "abc123", "a class", 2, T0);
        store.putFileSummary(s);
        assertEquals(Optional.of(s), store.fileSummary("src/A.java", "abc123"));
        assertEquals(Optional.empty(), store.fileSummary("src/A.java", "changed"));
        assertEquals(Optional.empty(), store.fileSummary("src/B.java", "abc123"));
    }

    @Test
    void keepsPersonaOverrides() {
        Persona p = new Persona("Reviews", "You review.");
        store.setPersonaOverride("deep", p);
        assertEquals(Optional.of(p), store.personaOverride("deep"));
        store.clearPersonaOverride("deep");
        assertEquals(Optional.empty(), store.personaOverride("deep"));
    }

    @Test
    void totalsUsageByBackendForEachScope() {
        store.recordUsage(new UsageRecord(T0, "s1", null, "fast", "m", Usage.exact(10, 5),
                new BigDecimal("0.01"), false));
        store.recordUsage(new UsageRecord(T0.plusSeconds(3600), "s2", "t1", "fast", "m", Usage.estimated(20, 2),
                new BigDecimal("0.02"), true));
        store.recordUsage(new UsageRecord(T0.plusSeconds(7200), "s2", null, "deep", "m", Usage.exact(1, 1),
                BigDecimal.ZERO, false));
        Map<String, UsageStats> all = store.usageByBackend(UsageScope.ALL);
        assertEquals(new UsageStats(2, 30, 7, new BigDecimal("0.03"), 1, true), all.get("fast"));
        assertEquals(new UsageStats(1, 1, 1, BigDecimal.ZERO, 0, false), all.get("deep"));
        assertEquals(List.of("deep", "fast"), List.copyOf(all.keySet()));
        Map<String, UsageStats> s1 = store.usageByBackend(new UsageScope.Session("s1"));
        assertEquals(Map.of("fast", new UsageStats(1, 10, 5, new BigDecimal("0.01"), 0, false)), s1);
        Map<String, UsageStats> since = store.usageByBackend(new UsageScope.Since(T0.plusSeconds(3600)));
        assertEquals(1, since.get("fast").requests(), "the first instant is included");
        assertEquals(1, since.get("deep").requests());
        assertEquals(Map.of(), store.usageByBackend(new UsageScope.Since(T0.plusSeconds(99999))));
    }

    @Test
    void ordersTasksByPriorityThenAge() {
        store.saveTask(task("low-old", 0, T0));
        store.saveTask(task("high-new", 5, T0.plusSeconds(20)));
        store.saveTask(task("low-new", 0, T0.plusSeconds(10)));
        store.saveTask(task("high-old", 5, T0.plusSeconds(5)));
        assertEquals(List.of("high-old", "high-new", "low-old", "low-new"),
                store.tasks().stream().map(TaskRecord::id).toList());
    }

    @Test
    void savingATaskAgainReplacesIt() {
        store.saveTask(task("t1", 0, T0));
        TaskRecord t = task("t1", 0, T0);
        TaskRecord done = new TaskRecord(t.id(), t.title(), t.type(), TaskStatus.DONE, t.priority(), t.sessionId(),
                t.prompt(), t.contextKeys(), t.maxUsd(), t.maxSteps(), 1, t.created(), T0.plusSeconds(1), "ok", null, null, null);
        store.saveTask(done);
        assertEquals(Optional.of(done), store.task("t1"));
        assertEquals(1, store.tasks().size());
        assertEquals(Optional.empty(), store.task("t2"));
    }

    @Test
    void numbersTaskEventsFromOnePerTask() {
        TaskEvent a = store.appendTaskEvent(new TaskEvent("t1", 0, T0, "message", "{}"));
        TaskEvent b = store.appendTaskEvent(new TaskEvent("t1", 0, T0, "tool_call", "{\"n\":1}"));
        TaskEvent other = store.appendTaskEvent(new TaskEvent("t2", 0, T0, "status", "{}"));
        TaskEvent c = store.appendTaskEvent(new TaskEvent("t1", 99, T0, "tool_result", "{}"));
        assertEquals(1, a.seq());
        assertEquals(2, b.seq());
        assertEquals(3, c.seq(), "the store numbers events whatever the caller gave");
        assertEquals(1, other.seq());
        assertEquals(List.of(1L, 2L, 3L), store.taskEvents("t1").stream().map(TaskEvent::seq).toList());
        assertEquals("tool_call", store.taskEvents("t1").get(1).kind());
        assertEquals(List.of(), store.taskEvents("none"));
    }
}
