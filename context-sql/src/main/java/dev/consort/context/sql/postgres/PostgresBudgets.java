package dev.consort.context.sql.postgres;

import dev.consort.context.sql.EpochNanos;
import dev.consort.context.sql.PicoDollars;
import dev.consort.context.sql.SqlDatabase;
import dev.consort.spi.context.BudgetAccount;
import dev.consort.spi.context.BudgetAmount;
import dev.consort.spi.context.BudgetReservation;
import dev.consort.spi.context.BudgetState;
import dev.consort.spi.context.SharedBudgets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Budgets shared by every instance on one PostgreSQL store. A reservation takes an advisory lock per
 * budget (in name order, so two reservations never deadlock), reads what the budget spent ({@code
 * usage_daily}, which the ledger's trigger keeps) and holds ({@code budget_holds}) in one statement, so
 * in one snapshot, checks the limits and inserts its holds, all in one transaction. Reservations on the
 * same budget thus run one after the other across instances, and each sees the holds and usage of those
 * before it: N instances never overspend together. Spending is counted per UTC day, so a budget's period
 * starts at a UTC midnight (day, month) or at the epoch (total).
 */
final class PostgresBudgets implements SharedBudgets {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final SqlDatabase db;
    private final Clock clock;

    PostgresBudgets(SqlDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public BudgetReservation reserve(List<BudgetAccount> accounts, BudgetAmount amount, Duration expiry) {
        Objects.requireNonNull(accounts, "accounts is null");
        Objects.requireNonNull(amount, "amount is null");
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("no budget to reserve against");
        }
        if (expiry == null || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive, got " + expiry);
        }
        Map<String, BudgetAccount> byName = new LinkedHashMap<>();
        accounts.stream().sorted(Comparator.comparing(BudgetAccount::name)).forEach(a -> byName.putIfAbsent(a.name(), a));
        long usd = PicoDollars.of(amount.usd());
        return db.write("reserving a budget", c -> {
            for (String name : byName.keySet()) {
                PostgresDialect.lock(c, PostgresDialect.BUDGET_LOCK, name);
            }
            long now = EpochNanos.of(clock.instant());
            List<BudgetAccount> taking = new ArrayList<>(byName.values());
            for (BudgetAccount account : taking) {
                dropExpired(c, account, now);
                BudgetState state = state(c, account, now);
                if (!fits(account, state, amount)) {
                    return new BudgetReservation.Refused(account, state.spent(), state.reserved());
                }
            }
            String id = UUID.randomUUID().toString();
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO budget_holds (id, account, usd_pusd, requests, tokens, expires)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                for (BudgetAccount account : taking) {
                    p.setString(1, id);
                    p.setString(2, account.name());
                    p.setLong(3, usd);
                    p.setLong(4, amount.requests());
                    p.setLong(5, amount.tokens());
                    p.setLong(6, Math.addExact(now, expiry.toNanos()));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return new BudgetReservation.Held(id);
        });
    }

    @Override
    public void release(String id) {
        Objects.requireNonNull(id, "id is null");
        db.write("releasing a budget hold", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM budget_holds WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public BudgetState state(BudgetAccount account) {
        Objects.requireNonNull(account, "account is null");
        return db.read("reading a budget", c -> state(c, account, EpochNanos.of(clock.instant())));
    }

    private static boolean fits(BudgetAccount a, BudgetState s, BudgetAmount amount) {
        if (a.limitUsd() != null && a.limitUsd().subtract(s.spent().usd()).subtract(s.reserved().usd())
                .compareTo(amount.usd()) < 0) {
            return false;
        }
        if (a.limitRequests() != null
                && s.spent().requests() + s.reserved().requests() + amount.requests() > a.limitRequests()) {
            return false;
        }
        return a.limitTokens() == null || s.spent().tokens() + s.reserved().tokens() + amount.tokens() <= a.limitTokens();
    }

    private static void dropExpired(Connection c, BudgetAccount account, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM budget_holds WHERE account = ? AND expires < ?")) {
            p.setString(1, account.name());
            p.setLong(2, now);
            p.executeUpdate();
        }
    }

    /** Spent and held in one statement: one snapshot, so a call is never missed between its hold and its row. */
    private static BudgetState state(Connection c, BudgetAccount account, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT s.requests, s.tokens, s.cost, h.requests, h.tokens, h.cost
                FROM (SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(tokens), 0) AS tokens,
                             COALESCE(SUM(cost_pusd), 0) AS cost
                      FROM usage_daily WHERE day >= ? AND (CAST(? AS text) IS NULL OR backend = ?)) s,
                     (SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(tokens), 0) AS tokens,
                             COALESCE(SUM(usd_pusd), 0) AS cost
                      FROM budget_holds WHERE account = ? AND expires >= ?) h""")) {
            p.setLong(1, Math.floorDiv(EpochNanos.clamped(account.periodStart()), NANOS_PER_DAY));
            p.setString(2, account.backend());
            p.setString(3, account.backend());
            p.setString(4, account.name());
            p.setLong(5, now);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new BudgetState(amount(rs.getLong(3), rs.getLong(1), rs.getLong(2)),
                        amount(rs.getLong(6), rs.getLong(4), rs.getLong(5)));
            }
        }
    }

    private static BudgetAmount amount(long picos, long requests, long tokens) {
        BigDecimal usd = PicoDollars.toUsd(picos);
        return new BudgetAmount(usd, requests, tokens);
    }
}
