package dev.consort.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.config.BudgetLimit;
import dev.consort.core.config.BudgetSettings;
import dev.consort.core.context.InMemoryContextStore;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Budgets: reserve the most a call can cost, settle what it did cost, per period. */
class BudgetLedgerTest {

    private final MutableClock clock = MutableClock.at("2025-01-31T22:00:00Z");
    private final ContextStore store = new InMemoryContextStore();

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private BudgetLedger ledger(BudgetLimit project, Map<String, BudgetLimit> backends) {
        return new BudgetLedger(new BudgetSettings(project, backends), store, clock);
    }

    /** A call as the engine makes it: reserve, record in the store, settle. */
    private void spend(BudgetLedger ledger, String backend, String usd) {
        BudgetLedger.Reservation r = ledger.reserve(backend, d(usd), 10);
        store.recordUsage(new UsageRecord(clock.instant(), "s", null, backend, "m", Usage.exact(5, 5), d(usd), false));
        r.settle(d(usd), 10);
    }

    @Test
    void refusesACallWhoseMostPossibleCostExceedsWhatIsLeft() {
        BudgetLedger l = ledger(new BudgetLimit(d("1.00"), null, null, "total"), Map.of());
        spend(l, "a", "0.70");
        BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0.31"), 10));
        assertEquals("project", e.budget());
        assertEquals("budget exceeded: the project budget of $1.00 has $0.30 left, and this call may cost up to $0.31",
                e.getMessage());
        l.reserve("a", d("0.30"), 10).settle(d("0.30"), 10);
        assertEquals(Optional.of(d("0.00")), l.leftUsd("a").map(x -> x.setScale(2)));
    }

    @Test
    void aReservationHoldsTheBudgetUntilSettledAndThenOnlyTheRealCostCounts() {
        BudgetLedger l = ledger(new BudgetLimit(d("1"), null, null, "total"), Map.of());
        BudgetLedger.Reservation r = l.reserve("a", d("0.8"), 10);
        assertEquals(0, d("0.2").compareTo(l.leftUsd("a").orElseThrow()));
        assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0.5"), 10));
        r.settle(d("0.1"), 3);
        r.settle(d("0.5"), 3); // a second settle is ignored
        assertEquals(0, d("0.9").compareTo(l.leftUsd("a").orElseThrow()));
    }

    @Test
    void aBackendsBudgetCoversOnlyThatBackend() {
        BudgetLedger l = ledger(null, Map.of("pricey", new BudgetLimit(d("0.5"), null, null, "total")));
        spend(l, "pricey", "0.5");
        BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> l.reserve("pricey", d("0.01"), 1));
        assertEquals("backend pricey", e.budget());
        l.reserve("cheap", d("100"), 1).release();
        assertEquals(Optional.empty(), l.leftUsd("cheap"));
    }

    @Test
    void countsRequestsAndTokens() {
        BudgetLedger l = ledger(new BudgetLimit(null, 2L, 25L, "total"), Map.of());
        spend(l, "a", "0");
        BudgetExceededException tokens = assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0"), 16));
        assertEquals("budget exceeded: the project budget of 25 tokens has 15 left, and this call may take up to 16",
                tokens.getMessage());
        l.reserve("a", d("0"), 15).release(); // a failed call spent no tokens, but it was a request
        BudgetExceededException requests = assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0"), 1));
        assertEquals("budget exceeded: the project budget of 2 requests has none left", requests.getMessage());
    }

    @Test
    void aDailyBudgetStartsAfreshAtMidnightUtc() {
        BudgetLedger l = ledger(new BudgetLimit(d("1"), null, null, "day"), Map.of());
        spend(l, "a", "0.9");
        BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0.2"), 1));
        assertTrue(e.getMessage().contains("$1 per day has $0.10 left"), e.getMessage());

        clock.advance(Duration.ofHours(1).plusMinutes(59)); // 23:59, same day
        assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0.2"), 1));

        clock.advance(Duration.ofMinutes(2)); // 00:01 the next day
        assertEquals(0, d("1").compareTo(l.leftUsd("a").orElseThrow()));
        l.reserve("a", d("0.2"), 1).release();
    }

    @Test
    void aMonthlyBudgetCountsEveryDayOfTheMonthAndStartsAfreshOnTheFirst() {
        clock.set(java.time.Instant.parse("2025-01-02T10:00:00Z"));
        BudgetLedger l = ledger(new BudgetLimit(d("1"), null, null, "month"), Map.of());
        spend(l, "a", "0.6");
        clock.set(java.time.Instant.parse("2025-01-31T23:00:00Z"));
        assertEquals(0, d("0.4").compareTo(l.leftUsd("a").orElseThrow()));
        assertThrows(BudgetExceededException.class, () -> l.reserve("a", d("0.5"), 1));

        clock.set(java.time.Instant.parse("2025-02-01T00:00:00Z"));
        assertEquals(0, d("1").compareTo(l.leftUsd("a").orElseThrow()));
        spend(l, "a", "0.7");
        assertEquals(0, d("0.3").compareTo(l.leftUsd("a").orElseThrow()));
    }

    @Test
    void readsWhatWasSpentInThePeriodFromTheStoreWhenCreated() {
        store.recordUsage(new UsageRecord(clock.instant().minus(Duration.ofDays(1)), "old", null, "a", "m",
                Usage.exact(1, 1), d("5"), false));
        store.recordUsage(new UsageRecord(clock.instant().minus(Duration.ofHours(1)), "old", null, "a", "m",
                Usage.exact(1, 1), d("0.25"), false));
        BudgetLedger daily = ledger(new BudgetLimit(d("1"), null, null, "day"), Map.of());
        assertEquals(0, d("0.75").compareTo(daily.leftUsd("a").orElseThrow()));
        BudgetLedger total = ledger(new BudgetLimit(d("10"), null, null, "total"), Map.of());
        assertEquals(0, d("4.75").compareTo(total.leftUsd("a").orElseThrow()));
    }

    @Test
    void describesEachBudgetInOneLine() {
        BudgetLedger l = ledger(new BudgetLimit(d("20"), 100L, null, "month"),
                Map.of("fast", new BudgetLimit(null, null, 1000L, "day")));
        spend(l, "fast", "0.5");
        assertEquals(List.of("project: $0.50 of $20 1 of 100 requests (month)", "backend fast: 10 of 1000 tokens (day)"),
                l.describe());
    }
}
