package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.FactIndex;
import dev.consort.context.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * SQLite's side of the store: an external-content FTS5 index ranked by bm25; no row locks, since every
 * write transaction begins with {@code BEGIN IMMEDIATE} and so runs alone.
 */
final class SqliteDialect implements SqlDialect, FactIndex {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public FactIndex facts() {
        return this;
    }

    @Override
    public String claimLock(boolean oneTask) {
        return "";
    }

    @Override
    public void lockSequence(Connection c, String sequence) {
        // BEGIN IMMEDIATE already holds the database's only write lock.
    }

    @Override
    public int countMatches(Connection c, String word, int cap) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM facts_fts WHERE facts_fts MATCH ? LIMIT ?)")) {
            p.setString(1, FtsQuery.quote(word));
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
                SELECT f.key, f.text, facts_fts.rank FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid
                WHERE facts_fts MATCH ? ORDER BY facts_fts.rank LIMIT ?""")) {
            p.setString(1, query(words));
            p.setInt(2, limit);
            walk(p, visitor);
        }
    }

    @Override
    public void forEachRecentMatch(Connection c, List<String> words, int window, MatchVisitor visitor)
            throws SQLException {
        // FTS5 walks rowids in descending order natively and computes rank only for rows it returns.
        try (PreparedStatement p = c.prepareStatement("""
                SELECT f.key, f.text, m.rank
                FROM (SELECT rowid, rank FROM facts_fts WHERE facts_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m
                JOIN facts f ON f.id = m.rowid
                ORDER BY m.rank""")) {
            p.setString(1, query(words));
            p.setInt(2, window);
            walk(p, visitor);
        }
    }

    private static String query(List<String> words) {
        return FtsQuery.anyOf(words.stream().map(FtsQuery::quote).toList());
    }

    private static void walk(PreparedStatement p, MatchVisitor visitor) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            // bm25() is negative, lower is better; the score is its negation, higher is better.
            while (rs.next()) {
                if (!visitor.visit(rs.getString(1), rs.getString(2), -rs.getDouble(3))) {
                    return;
                }
            }
        }
    }
}
