package dev.consort.context.sql;

import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code usage_ledger} table: one row per call. The cost is kept twice: the exact decimal text as
 * given, and {@link PicoDollars} for SQL to add up without rounding.
 */
public final class UsageLedgerTable {

    private UsageLedgerTable() {
    }

    public static void record(Connection c, UsageRecord r) throws SQLException {
        Usage u = r.usage();
        long picos = PicoDollars.of(r.costUsd());
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO usage_ledger (time, session_id, task_id, backend, model, prompt_tokens, completion_tokens,
                  cache_read_tokens, cache_write_tokens, reasoning_tokens, exact, cost_usd, cost_pusd, failed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            p.setLong(1, EpochNanos.of(r.time()));
            p.setString(2, r.sessionId());
            p.setString(3, r.taskId());
            p.setString(4, r.backend());
            p.setString(5, r.model());
            p.setInt(6, u.promptTokens());
            p.setInt(7, u.completionTokens());
            p.setInt(8, u.cacheReadTokens());
            p.setInt(9, u.cacheWriteTokens());
            p.setInt(10, u.reasoningTokens());
            p.setInt(11, u.exact() ? 1 : 0);
            p.setString(12, r.costUsd().toPlainString());
            p.setLong(13, picos);
            p.setInt(14, r.failed() ? 1 : 0);
            p.executeUpdate();
        }
    }

    public static Map<String, UsageStats> totalsByBackend(Connection c, UsageScope scope) throws SQLException {
        String where = switch (scope) {
            case UsageScope.All all -> "";
            case UsageScope.Session session -> "WHERE session_id = ?";
            case UsageScope.Since since -> "WHERE time >= ?";
        };
        try (PreparedStatement p = c.prepareStatement("""
                SELECT backend, COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_pusd), SUM(failed),
                       MIN(exact)
                FROM usage_ledger %s GROUP BY backend ORDER BY backend""".formatted(where))) {
            switch (scope) {
                case UsageScope.All all -> { }
                case UsageScope.Session session -> p.setString(1, session.sessionId());
                case UsageScope.Since since -> p.setLong(1, EpochNanos.clamped(since.from()));
            }
            Map<String, UsageStats> totals = new LinkedHashMap<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getString(1), new UsageStats(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            PicoDollars.toUsd(rs.getLong(5)), rs.getLong(6), rs.getInt(7) == 0));
                }
            }
            return Collections.unmodifiableMap(totals);
        }
    }
}
