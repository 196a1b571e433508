package dev.consort.context.sql.postgres;

import dev.consort.context.sql.FactIndex;
import dev.consort.context.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL's side of the store: text search over a generated {@code tsvector} (GIN index, 'english'
 * stemming) ranked by {@code ts_rank} normalized by document length; claims that skip the rows other
 * claimers hold ({@code FOR UPDATE SKIP LOCKED}); and transaction-scoped advisory locks for numbered appends.
 */
final class PostgresDialect implements SqlDialect, FactIndex {

    /** Advisory lock class of numbered appends (session buffers, task histories). */
    static final int SEQUENCE_LOCK = 0x436F6E01;

    /** Advisory lock class of budget accounts. */
    static final int BUDGET_LOCK = 0x436F6E02;

    static final PostgresDialect INSTANCE = new PostgresDialect();

    // ts_rank normalization 1: divide by 1 + log(length), so that a short fact about a word outranks a long
    // one that mentions it once, as bm25 does.
    private static final String RANK = "ts_rank(search, q, 1)";

    private PostgresDialect() {
    }

    @Override
    public FactIndex facts() {
        return this;
    }

    @Override
    public String claimLock(boolean oneTask) {
        return oneTask ? "FOR UPDATE" : "FOR UPDATE SKIP LOCKED";
    }

    @Override
    public void lockSequence(Connection c, String sequence) throws SQLException {
        lock(c, SEQUENCE_LOCK, sequence);
    }

    /**
     * Takes a transaction-scoped advisory lock on a name (hashed: two names sharing a hash only wait for
     * each other, which is harmless).
     */
    static void lock(Connection c, int lockClass, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            p.setInt(1, lockClass);
            p.setString(2, name);
            p.execute();
        }
    }

    @Override
    public int countMatches(Connection c, String word, int cap) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT count(*) FROM (SELECT 1 FROM facts WHERE search @@ to_tsquery('english', ?) LIMIT ?) m""")) {
            p.setString(1, anyOf(List.of(word)));
            p.setInt(2, cap + 1);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public void forEachMatch(Connection c, List<String> words, int limit, MatchVisitor visitor) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT key, text, %s AS rank FROM facts, to_tsquery('english', ?) q
                WHERE search @@ q ORDER BY rank DESC, id DESC LIMIT ?""".formatted(RANK))) {
            p.setString(1, anyOf(words));
            p.setInt(2, limit);
            walk(p, visitor);
        }
    }

    @Override
    public void forEachRecentMatch(Connection c, List<String> words, int window, MatchVisitor visitor)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT key, text, %s AS rank
                FROM (SELECT f.id, f.key, f.text, f.search, q FROM facts f, to_tsquery('english', ?) q
                      WHERE f.search @@ q ORDER BY f.id DESC LIMIT ?) m
                ORDER BY rank DESC, id DESC""".formatted(RANK))) {
            p.setString(1, anyOf(words));
            p.setInt(2, window);
            walk(p, visitor);
        }
    }

    /**
     * Quotes each word as a {@code tsquery} lexeme and joins them with {@code |}: any of them matches.
     * Words are letters and digits only ({@link dev.consort.context.sql.QueryWords}), but quoting stays
     * correct even if that rule changes.
     */
    static String anyOf(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("\\", "\\\\").replace("'", "''") + "'")
                .collect(Collectors.joining(" | "));
    }

    private static void walk(PreparedStatement p, MatchVisitor visitor) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                if (!visitor.visit(rs.getString(1), rs.getString(2), rs.getDouble(3))) {
                    return;
                }
            }
        }
    }
}
