package dev.consort.core.usage;

import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.config.BudgetLimit;
import dev.consort.core.config.BudgetSettings;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.BudgetAccount;
import dev.consort.spi.context.BudgetAmount;
import dev.consort.spi.context.BudgetReservation;
import dev.consort.spi.context.BudgetState;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.SharedBudgets;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
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
 * So concurrent calls can never overspend together.
 *
 * <p>Two ways to keep the accounts. When the context store offers {@link SharedBudgets} (a store that
 * several instances share, such as {@code postgres}), reservations are holds taken atomically in the
 * store and spending is what the store's ledger holds, so N instances never overspend together; the
 * caller records a call's usage in the store before settling it. Otherwise the accounts live in this
 * process: spending so far in each budget's period is read from the usage ledger when the ledger is
 * created, and settling adds to it. Thread-safe (one lock, held for microseconds and never during a
 * call to the store's shared budgets).
 */
public final class BudgetLedger {

    /**
     * How long a shared hold outlives an instance that died before settling it. Longer than any call
     * should take (a hold that expires under a live call would no longer count against the budget);
     * until then a dead instance's holds keep that much of the budget.
     */
    public static final Duration SHARED_HOLD_EXPIRY = Duration.ofMinutes(15);

    /** A reservation to settle exactly once. */
    public interface Reservation {
        /**
         * The call ended (well or not) having spent this. With shared budgets its usage must already be
         * recorded in the store: the hold is released and the ledger's row counts instead.
         */
        void settle(BigDecimal costUsd, long tokens);

        /** The call spent nothing (it failed before reaching the provider). */
        default void release() {
            settle(BigDecimal.ZERO, 0);
        }
    }

    private static final Reservation NOTHING_HELD = (costUsd, tokens) -> { };

    private final Clock clock;
    private final ContextStore store;
    private final SharedBudgets shared;
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    public BudgetLedger(BudgetSettings settings, ContextStore store, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.shared = store.sharedBudgets().orElse(null);
        if (settings.project() != null) {
            accounts.put("project", new Account("project", null, settings.project()));
        }
        settings.backends().forEach((b, limit) -> accounts.put("backend " + b, new Account("backend " + b, b, limit)));
        if (shared == null) {
            synchronized (this) {
                accounts.values().forEach(this::reload);
            }
        }
    }

    /**
     * Tells whether the budgets are kept in the shared store rather than in this process.
     *
     * @return true with a store's shared budgets
     */
    public boolean isShared() {
        return shared != null;
    }

    /**
     * Reserves a call's maximum.
     *
     * @throws BudgetExceededException naming the budget and what it has left
     */
    public Reservation reserve(String backend, BigDecimal maxCostUsd, long maxTokens) {
        if (shared != null) {
            return reserveShared(backend, maxCostUsd, maxTokens);
        }
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

    private Reservation reserveShared(String backend, BigDecimal maxCostUsd, long maxTokens) {
        List<BudgetAccount> covering = new ArrayList<>();
        for (Account a : accounts.values()) {
            if (a.backend == null || a.backend.equals(backend)) {
                covering.add(a.shared(periodStart(a.limit.period())));
            }
        }
        if (covering.isEmpty()) {
            return NOTHING_HELD;
        }
        BudgetReservation taken = shared.reserve(covering, new BudgetAmount(maxCostUsd, 1, maxTokens),
                SHARED_HOLD_EXPIRY);
        return switch (taken) {
            case BudgetReservation.Held held -> new Reservation() {
                private boolean settled;

                @Override
                public void settle(BigDecimal costUsd, long tokens) {
                    synchronized (this) {
                        if (settled) {
                            return;
                        }
                        settled = true;
                    }
                    shared.release(held.id());
                }
            };
            case BudgetReservation.Refused refused -> {
                Account a = accounts.get(refused.account().name());
                a.check(refused.spent(), refused.reserved(), maxCostUsd, maxTokens);
                // The store applies the same rule; should it refuse where this one would not, still say which.
                throw new BudgetExceededException(a.name, "budget exceeded: the " + a.name
                        + " budget cannot take this call");
            }
        };
    }

    /**
     * Tells whether a call's size can matter to a budget covering this backend: one that limits dollars
     * or tokens (a limit of requests counts calls, whatever their size).
     *
     * @param backend the backend
     * @return true when a reservation's cost or tokens are checked against a limit
     */
    public boolean limitsSize(String backend) {
        for (Account a : accounts.values()) {
            if ((a.backend == null || a.backend.equals(backend)) && (a.limit.usd() != null || a.limit.tokens() != null)) {
                return true;
            }
        }
        return false;
    }

    /** Dollars left for a backend under its tightest budget, after reservations; empty when unlimited. */
    public Optional<BigDecimal> leftUsd(String backend) {
        BigDecimal least = null;
        for (Account a : accounts.values()) {
            if (a.limit.usd() == null || a.backend != null && !a.backend.equals(backend)) {
                continue;
            }
            BudgetState state = state(a);
            BigDecimal left = a.limit.usd().subtract(state.spent().usd()).subtract(state.reserved().usd())
                    .max(BigDecimal.ZERO);
            least = least == null ? left : least.min(left);
        }
        return Optional.ofNullable(least);
    }

    /** One line per budget: name, limit, spent, left. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Account a : accounts.values()) {
            out.add(a.describe(state(a).spent()));
        }
        return out;
    }

    /** Where an account stands: from the shared store, or from this process after rolling its period over. */
    private BudgetState state(Account a) {
        if (shared != null) {
            return shared.state(a.shared(periodStart(a.limit.period())));
        }
        synchronized (this) {
            rollOver(a);
            return new BudgetState(new BudgetAmount(a.spentUsd, a.spentRequests, a.spentTokens),
                    new BudgetAmount(a.reservedUsd, a.reservedRequests, a.reservedTokens));
        }
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

        BudgetAccount shared(Instant start) {
            return new BudgetAccount(name, backend, start, limit.usd(), limit.requests(), limit.tokens());
        }

        void check(BigDecimal costUsd, long tokens) {
            check(new BudgetAmount(spentUsd, spentRequests, spentTokens),
                    new BudgetAmount(reservedUsd, reservedRequests, reservedTokens), costUsd, tokens);
        }

        void check(BudgetAmount spent, BudgetAmount reserved, BigDecimal costUsd, long tokens) {
            String period = limit.period().equals("total") ? "" : " per " + limit.period();
            if (limit.usd() != null) {
                BigDecimal left = limit.usd().subtract(spent.usd()).subtract(reserved.usd());
                if (left.compareTo(costUsd) < 0) {
                    throw new BudgetExceededException(name, "budget exceeded: the " + name + " budget of $"
                            + limit.usd().toPlainString() + period + " has $" + money(left.max(BigDecimal.ZERO))
                            + " left, and this call may cost up to $" + money(costUsd));
                }
            }
            if (limit.requests() != null && spent.requests() + reserved.requests() + 1 > limit.requests()) {
                throw new BudgetExceededException(name, "budget exceeded: the " + name + " budget of "
                        + limit.requests() + " requests" + period + " has none left");
            }
            if (limit.tokens() != null) {
                long left = limit.tokens() - spent.tokens() - reserved.tokens();
                if (left < tokens) {
                    throw new BudgetExceededException(name, "budget exceeded: the " + name + " budget of "
                            + limit.tokens() + " tokens" + period + " has " + Math.max(0, left)
                            + " left, and this call may take up to " + tokens);
                }
            }
        }

        String describe(BudgetAmount spent) {
            StringBuilder s = new StringBuilder(name).append(": ");
            if (limit.usd() != null) {
                s.append("$").append(money(spent.usd())).append(" of $").append(limit.usd().toPlainString()).append(' ');
            }
            if (limit.requests() != null) {
                s.append(spent.requests()).append(" of ").append(limit.requests()).append(" requests ");
            }
            if (limit.tokens() != null) {
                s.append(spent.tokens()).append(" of ").append(limit.tokens()).append(" tokens ");
            }
            return s.append("(").append(limit.period()).append(")").toString();
        }
    }

    static String money(BigDecimal d) {
        return d.setScale(Math.max(2, Math.min(6, d.stripTrailingZeros().scale())), java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }
}
