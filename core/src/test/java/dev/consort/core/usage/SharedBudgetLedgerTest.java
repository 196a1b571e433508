package dev.consort.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.config.BudgetLimit;
import dev.consort.core.config.BudgetSettings;
import dev.consort.core.context.InMemoryContextStore;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.BudgetAccount;
import dev.consort.spi.context.BudgetAmount;
import dev.consort.spi.context.BudgetReservation;
import dev.consort.spi.context.BudgetState;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.SharedBudgets;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Budgets kept in a store that several instances share: two ledgers (two instances) on one store whose
 * {@link SharedBudgets} is a faithful in-memory fake (spent from the store's ledger, holds in a map).
 */
class SharedBudgetLedgerTest {

    private final MutableClock clock = MutableClock.at("2025-01-31T22:00:00Z");
    private final InMemoryContextStore memory = new InMemoryContextStore();
    private final FakeSharedBudgets shared = new FakeSharedBudgets();
    private final ContextStore store = (ContextStore) Proxy.newProxyInstance(ContextStore.class.getClassLoader(),
            new Class<?>[] {ContextStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("sharedBudgets")) {
                    return Optional.of(shared);
                }
                try {
                    return method.invoke(memory, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private BudgetLedger instance(BudgetLimit project) {
        return new BudgetLedger(new BudgetSettings(project, Map.of()), store, clock);
    }

    /** A call as the engine makes it: reserve, record in the store, settle. */
    private void spend(BudgetLedger ledger, String backend, String usd) {
        BudgetLedger.Reservation r = ledger.reserve(backend, d(usd), 10);
        store.recordUsage(new UsageRecord(clock.instant(), "s", null, backend, "m", Usage.exact(5, 5), d(usd), false));
        r.settle(d(usd), 10);
    }

    @Test
    void aHoldTakenByOneInstanceLimitsTheOtherAndSettlingLeavesTheLedgersCost() {
        BudgetLedger one = instance(new BudgetLimit(d("1.00"), null, null, "total"));
        BudgetLedger two = instance(new BudgetLimit(d("1.00"), null, null, "total"));
        assertTrue(one.isShared());

        BudgetLedger.Reservation held = one.reserve("a", d("0.80"), 10);

        assertEquals(0, d("0.20").compareTo(two.leftUsd("a").orElseThrow()));
        BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> two.reserve("a", d("0.21"), 10));
        assertEquals("budget exceeded: the project budget of $1.00 has $0.20 left, and this call may cost up to $0.21",
                e.getMessage());
        store.recordUsage(new UsageRecord(clock.instant(), "s", null, "a", "m", Usage.exact(5, 5), d("0.10"), false));
        held.settle(d("0.10"), 10);
        held.settle(d("0.10"), 10); // once only
        assertEquals(0, d("0.90").compareTo(two.leftUsd("a").orElseThrow()));
        assertEquals(List.of("project: $0.10 of $1.00 (total)"), one.describe());
        assertEquals(0, shared.holds.size());
    }

    @Test
    void requestsAndDailyPeriodsAreCountedFromTheSharedLedger() {
        BudgetLedger one = instance(new BudgetLimit(null, 2L, null, "day"));
        BudgetLedger two = instance(new BudgetLimit(null, 2L, null, "day"));
        spend(one, "a", "0");
        spend(two, "a", "0");

        BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> one.reserve("a", d("0"), 1));
        assertEquals("budget exceeded: the project budget of 2 requests per day has none left", e.getMessage());

        clock.advance(Duration.ofHours(3)); // the next UTC day
        two.reserve("a", d("0"), 1).release();
    }

    /** Spent: the store's ledger since the period's start. Held: a map. Atomic by one lock, as a database is. */
    private final class FakeSharedBudgets implements SharedBudgets {
        final Map<String, List<BudgetAccount>> holds = new HashMap<>();
        final Map<String, BudgetAmount> amounts = new HashMap<>();
        int next;

        @Override
        public synchronized BudgetReservation reserve(List<BudgetAccount> accounts, BudgetAmount amount,
                                                      Duration expiry) {
            for (BudgetAccount a : accounts) {
                BudgetState s = state(a);
                boolean fits = (a.limitUsd() == null
                        || a.limitUsd().subtract(s.spent().usd()).subtract(s.reserved().usd()).compareTo(amount.usd()) >= 0)
                        && (a.limitRequests() == null
                        || s.spent().requests() + s.reserved().requests() + amount.requests() <= a.limitRequests());
                if (!fits) {
                    return new BudgetReservation.Refused(a, s.spent(), s.reserved());
                }
            }
            String id = "h" + next++;
            holds.put(id, new ArrayList<>(accounts));
            amounts.put(id, amount);
            return new BudgetReservation.Held(id);
        }

        @Override
        public synchronized void release(String id) {
            holds.remove(id);
            amounts.remove(id);
        }

        @Override
        public synchronized BudgetState state(BudgetAccount account) {
            UsageStats spent = memory.usageByBackend(new UsageScope.Since(account.periodStart())).entrySet().stream()
                    .filter(e -> account.covers(e.getKey())).map(Map.Entry::getValue)
                    .reduce(UsageStats.ZERO, UsageStats::plus);
            BigDecimal usd = BigDecimal.ZERO;
            long requests = 0;
            for (Map.Entry<String, List<BudgetAccount>> h : holds.entrySet()) {
                if (h.getValue().stream().anyMatch(a -> a.name().equals(account.name()))) {
                    usd = usd.add(amounts.get(h.getKey()).usd());
                    requests += amounts.get(h.getKey()).requests();
                }
            }
            return new BudgetState(new BudgetAmount(spent.costUsd(), spent.requests(),
                    spent.promptTokens() + spent.completionTokens()), new BudgetAmount(usd, requests, 0));
        }
    }
}
