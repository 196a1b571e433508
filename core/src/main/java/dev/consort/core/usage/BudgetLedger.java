package dev.consort.core.usage;

import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.config.BudgetLimit;
import dev.consort.core.config.BudgetSettings;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enforces budgets before calls. A call first reserves the most it can cost (and one request and its
 * most tokens) against every budget that covers its backend; the call is refused when any budget
 * cannot take the reservation. When the call ends the reservation is settled to what it really spent.
 * So concurrent calls can never overspend together. Spending so far in each budget's period is read
 * from the usage ledger when the ledger is created. Thread-safe (one lock; calls hold it for
 * microseconds).
 */
public final class BudgetLedger {

    /** A reservation to settle exactly once. */
    public interface Reservation {
        /** The call ended (well or not) having spent this. */
        void settle(BigDecimal costUsd, long tokens);

        /** The call spent nothing (it failed before reaching the provider). */
        default void release() {
            settle(BigDecimal.ZERO, 0);
        }
    }

    private final Clock clock;
    private final ContextStore store;
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    public BudgetLedger(BudgetSettings settings, ContextStore store, Clock clock) {
        this.clock = clock;
        this.store = store;
        if (settings.project() != null) {
            accounts.put("project", new Account("project", null, settings.project()));
        }
        settings.backends().forEach((b, limit) -> accounts.put("backend " + b, new Account("backend " + b, b, limit)));
        synchronized (this) {
            accounts.values().forEach(this::reload);
        }
    }

    /**
     * Reserves a call's maximum.
     *
     * @throws BudgetExceededException naming the budget and what it has left
     */
    public Reservation reserve(String backend, BigDecimal maxCostUsd, long maxTokens) {
        List<Account> covering = new ArrayList<>();
        synchronized (this) {
            for (Account a : accounts.values()) {
                if (a.backend != null && !a.backend.equals(backend)) {
                    continue;
                }
                rollOver(a);
                a.check(maxCostUsd, maxTokens);
                covering.add(a);
            }
            for (Account a : covering) {
                a.reservedUsd = a.reservedUsd.add(maxCostUsd);
                a.reservedRequests++;
                a.reservedTokens += maxTokens;
            }
        }
        return new Reservation() {
            private boolean settled;

            @Override
            public void settle(BigDecimal costUsd, long tokens) {
                synchronized (BudgetLedger.this) {
                    if (settled) {
                        return;
                    }
                    settled = true;
                    for (Account a : covering) {
                        a.reservedUsd = a.reservedUsd.subtract(maxCostUsd);
                        a.reservedRequests--;
                        a.reservedTokens -= maxTokens;
                        a.spentUsd = a.spentUsd.add(costUsd);
                        a.spentRequests++;
                        a.spentTokens += tokens;
                    }
                }
            }
        };
    }

    /** Dollars left for a backend under its tightest budget, after reservations; empty when unlimited. */
    public synchronized Optional<BigDecimal> leftUsd(String backend) {
        BigDecimal least = null;
        for (Account a : accounts.values()) {
            if (a.limit.usd() == null || a.backend != null && !a.backend.equals(backend)) {
                continue;
            }
            rollOver(a);
            BigDecimal left = a.limit.usd().subtract(a.spentUsd).subtract(a.reservedUsd).max(BigDecimal.ZERO);
            least = least == null ? left : least.min(left);
        }
        return Optional.ofNullable(least);
    }

    /** One line per budget: name, limit, spent, left. */
    public synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Account a : accounts.values()) {
            rollOver(a);
            out.add(a.describe());
        }
        return out;
    }

    private void rollOver(Account a) {
        Instant start = periodStart(a.limit.period());
        if (!start.equals(a.periodStart)) {
            reload(a);
        }
    }

    private void reload(Account a) {
        a.periodStart = periodStart(a.limit.period());
        UsageScope scope = a.periodStart.equals(Instant.EPOCH) ? UsageScope.ALL : new UsageScope.Since(a.periodStart);
        UsageStats spent = UsageStats.ZERO;
        for (Map.Entry<String, UsageStats> e : store.usageByBackend(scope).entrySet()) {
            if (a.backend == null || a.backend.equals(e.getKey())) {
                spent = spent.plus(e.getValue());
            }
        }
        a.spentUsd = spent.costUsd();
        a.spentRequests = spent.requests();
        a.spentTokens = spent.promptTokens() + spent.completionTokens();
    }

    private Instant periodStart(String period) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return switch (period) {
            case "day" -> today.atStartOfDay(ZoneOffset.UTC).toInstant();
            case "month" -> today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            default -> Instant.EPOCH;
        };
    }

    private static final class Account {
        final String name;
        final String backend;
        final BudgetLimit limit;
        Instant periodStart = Instant.EPOCH;
        BigDecimal spentUsd = BigDecimal.ZERO;
        BigDecimal reservedUsd = BigDecimal.ZERO;
        long spentRequests;
        long reservedRequests;
        long spentTokens;
        long reservedTokens;

        Account(String name, String backend, BudgetLimit limit) {
            this.name = name;
            this.backend = backend;
            this.limit = limit;
        }

        void check(BigDecimal costUsd, long tokens) {
            String period = limit.period().equals("total") ? "" : " per " + limit.period();
            if (limit.usd() != null) {
                BigDecimal left = limit.usd().subtract(spentUsd).subtract(reservedUsd);
                if (left.compareTo(costUsd) < 0) {
                    throw new BudgetExceededException(name, "budget exceeded: the " + name + " budget of $"
                            + limit.usd().toPlainString() + period + " has $" + money(left.max(BigDecimal.ZERO))
                            + " left, and this call may cost up to $" + money(costUsd));
                }
            }
            if (limit.requests() != null && spentRequests + reservedRequests + 1 > limit.requests()) {
                throw new BudgetExceededException(name, "budget exceeded: the " + name + " budget of "
                        + limit.requests() + " requests" + period + " has none left");
            }
            if (limit.tokens() != null) {
                long left = limit.tokens() - spentTokens - reservedTokens;
                if (left < tokens) {
                    throw new BudgetExceededException(name, "budget exceeded: the " + name + " budget of "
                            + limit.tokens() + " tokens" + period + " has " + Math.max(0, left)
                            + " left, and this call may take up to " + tokens);
                }
            }
        }

        String describe() {
            StringBuilder s = new StringBuilder(name).append(": ");
            if (limit.usd() != null) {
                s.append("$").append(money(spentUsd)).append(" of $").append(limit.usd().toPlainString()).append(' ');
            }
            if (limit.requests() != null) {
                s.append(spentRequests).append(" of ").append(limit.requests()).append(" requests ");
            }
            if (limit.tokens() != null) {
                s.append(spentTokens).append(" of ").append(limit.tokens()).append(" tokens ");
            }
            return s.append("(").append(limit.period()).append(")").toString();
        }
    }

    static String money(BigDecimal d) {
        return d.setScale(Math.max(2, Math.min(6, d.stripTrailingZeros().scale())), java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }
}
