package dev.consort.spi.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextRecordsTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static TaskRecord task(String id, String type, BigDecimal maxUsd, int maxSteps, int attempts,
                                   List<String> keys) {
        return new TaskRecord(id, "title", type, TaskStatus.QUEUED, 0, "s", "do it", keys, maxUsd, maxSteps,
                attempts, T, T, null, null, null, null);
    }

    @Test
    void taskRecordValidates() {
        assertEquals("id is blank", assertThrows(IllegalArgumentException.class,
                () -> task(" ", "code", null, 1, 0, List.of())).getMessage());
        assertEquals("type is blank", assertThrows(IllegalArgumentException.class,
                () -> task("t1", "", null, 1, 0, List.of())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> task("t1", "code", new BigDecimal("-1"), 1, 0, List.of())).getMessage().contains("maxUsd"));
        assertEquals("maxSteps must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> task("t1", "code", null, 0, 0, List.of())).getMessage());
        assertEquals("attempts is negative: -1", assertThrows(IllegalArgumentException.class,
                () -> task("t1", "code", null, 1, -1, List.of())).getMessage());
        assertThrows(NullPointerException.class, () -> new TaskRecord("t", "x", "code", null, 0, "s", "p", null,
                null, 1, 0, T, T, null, null, null, null));
    }

    @Test
    void taskRecordCopiesItsContextKeys() {
        List<String> keys = new ArrayList<>(List.of("build.command"));
        TaskRecord t = task("t1", "code", BigDecimal.ONE, 3, 0, keys);
        keys.add("other");
        assertEquals(List.of("build.command"), t.contextKeys());
        assertThrows(UnsupportedOperationException.class, () -> t.contextKeys().add("x"));
        assertEquals(List.of(), task("t2", "code", null, 1, 0, null).contextKeys());
    }

    @Test
    void factNeedsAKeyAndCopiesTags() {
        assertThrows(IllegalArgumentException.class, () -> new Fact(" ", "t", List.of(), "user", T));
        assertThrows(IllegalArgumentException.class, () -> new Fact(null, "t", List.of(), "user", T));
        assertThrows(NullPointerException.class, () -> new Fact("k", null, List.of(), "user", T));
        assertThrows(NullPointerException.class, () -> new Fact("k", "t", List.of(), null, T));
        List<String> tags = new ArrayList<>(List.of("build"));
        Fact f = new Fact("build.command", "mvn install", tags, "user", T);
        tags.add("x");
        assertEquals(List.of("build"), f.tags());
        assertEquals(List.of(), new Fact("k", "t", null, "user", T).tags());
    }

    @Test
    void excerptRefusesNegativeTokensAndNonFiniteScores() {
        assertThrows(IllegalArgumentException.class, () -> new Excerpt("fact", "k", "t", -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Excerpt("fact", "k", "t", 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Excerpt("fact", "k", "t", 1, Double.POSITIVE_INFINITY));
        assertEquals(0, new Excerpt("fact", "k", "", 0, -3).tokens());
    }

    @Test
    void retrievalValidatesAndCopiesKeys() {
        assertThrows(IllegalArgumentException.class, () -> new Retrieval(List.of(), "q", -1, String::length));
        assertThrows(NullPointerException.class, () -> new Retrieval(List.of(), "q", 10, null));
        List<String> keys = new ArrayList<>(List.of("a"));
        Retrieval r = new Retrieval(keys, null, 0, String::length);
        keys.add("b");
        assertEquals(List.of("a"), r.keys());
        assertEquals(List.of(), new Retrieval(null, null, 0, String::length).keys());
    }

    @Test
    void usageRecordRefusesNegativeCost() {
        assertThrows(IllegalArgumentException.class, () -> new UsageRecord(T, "s", null, "b", "m",
                dev.consort.spi.chat.Usage.ZERO, new BigDecimal("-0.1"), false));
    }

    @Test
    void taskEventValidates() {
        assertThrows(IllegalArgumentException.class, () -> new TaskEvent("", 0, T, "message", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new TaskEvent("t", -1, T, "message", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new TaskEvent("t", 0, T, " ", "{}"));
    }

    @Test
    void budgetRecordsValidateAndAnAccountCoversItsBackendOrAll() {
        BudgetAccount project = new BudgetAccount("project", null, Instant.EPOCH, BigDecimal.TEN, null, null);
        BudgetAccount planner = new BudgetAccount("backend planner", "planner", T, null, 5L, 1_000L);
        assertTrue(project.covers("fast") && project.covers("planner"));
        assertTrue(planner.covers("planner") && !planner.covers("fast"));
        assertThrows(IllegalArgumentException.class, () -> new BudgetAccount(" ", null, T, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new BudgetAccount("p", null, T, new BigDecimal("-0.01"), null, null));
        assertThrows(IllegalArgumentException.class, () -> new BudgetAccount("p", null, T, null, -1L, null));
        assertThrows(NullPointerException.class, () -> new BudgetAccount("p", null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new BudgetAmount(BigDecimal.ONE, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetAmount(new BigDecimal("-1"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetReservation.Held(""));
        assertThrows(NullPointerException.class,
                () -> new BudgetReservation.Refused(project, BudgetAmount.ZERO, null));
    }
}
