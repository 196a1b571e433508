package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.PlainJson;
import dev.consort.spi.context.Fact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code facts} table and its full-text index {@code facts_fts}, which triggers keep in step
 * within the writing transaction.
 */
final class FactTable {

    private static final String COLUMNS = "key, text, tags, source, updated";

    /** Visits full-text matches, best first. */
    @FunctionalInterface
    interface MatchVisitor {
        /**
         * Takes one match.
         *
         * @param key   the fact's key
         * @param text  its text
         * @param score its relevance, higher is better
         * @return true to see the next match
         */
        boolean visit(String key, String text, double score);
    }

    private FactTable() {
    }

    static void put(Connection c, Fact fact) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO facts (key, text, tags, source, updated) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                  text = excluded.text, tags = excluded.tags, source = excluded.source, updated = excluded.updated""")) {
            p.setString(1, fact.key());
            p.setString(2, fact.text());
            p.setString(3, PlainJson.write(fact.tags()));
            p.setString(4, fact.source());
            p.setLong(5, EpochNanos.of(fact.updated()));
            p.executeUpdate();
        }
    }

    static Optional<Fact> get(Connection c, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM facts WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static List<Fact> all(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM facts ORDER BY key");
             ResultSet rs = p.executeQuery()) {
            List<Fact> facts = new ArrayList<>();
            while (rs.next()) {
                facts.add(read(rs));
            }
            return facts;
        }
    }

    static boolean forget(Connection c, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM facts WHERE key = ?")) {
            p.setString(1, key);
            return p.executeUpdate() > 0;
        }
    }

    /**
     * Walks the facts matching an FTS5 query, best bm25 first.
     *
     * @param c       the connection
     * @param ftsQuery a safe FTS5 query (see {@link FtsQuery})
     * @param limit   the most matches to rank and walk
     * @param visitor takes each match until it returns false
     * @throws SQLException when the query fails
     */
    static void forEachMatch(Connection c, String ftsQuery, int limit, MatchVisitor visitor) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT f.key, f.text, facts_fts.rank FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid
                WHERE facts_fts MATCH ? ORDER BY facts_fts.rank LIMIT ?""")) {
            p.setString(1, ftsQuery);
            p.setInt(2, limit);
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

    /**
     * Walks the newest matches of an FTS5 query, ranking only those by bm25, best first: bounded work
     * for queries whose every word is common.
     *
     * @param c        the connection
     * @param ftsQuery a safe FTS5 query
     * @param window   how many of the newest matches to rank
     * @param visitor  takes each match until it returns false
     * @throws SQLException when the query fails
     */
    static void forEachRecentMatch(Connection c, String ftsQuery, int window, MatchVisitor visitor)
            throws SQLException {
        // FTS5 walks rowids in descending order natively and computes rank only for rows it returns.
        try (PreparedStatement p = c.prepareStatement("""
                SELECT f.key, f.text, m.rank
                FROM (SELECT rowid, rank FROM facts_fts WHERE facts_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m
                JOIN facts f ON f.id = m.rowid
                ORDER BY m.rank""")) {
            p.setString(1, ftsQuery);
            p.setInt(2, window);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (!visitor.visit(rs.getString(1), rs.getString(2), -rs.getDouble(3))) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Counts the facts matching an FTS5 query, stopping past a cap (cheap: no ranking, no row reads).
     *
     * @param c        the connection
     * @param ftsQuery a safe FTS5 query
     * @param cap      where to stop counting
     * @return the count, at most {@code cap + 1}
     * @throws SQLException when the query fails
     */
    static int countMatches(Connection c, String ftsQuery, int cap) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM facts_fts WHERE facts_fts MATCH ? LIMIT ?)")) {
            p.setString(1, ftsQuery);
            p.setInt(2, cap + 1);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Fact read(ResultSet rs) throws SQLException {
        return new Fact(rs.getString(1), rs.getString(2), PlainJson.readStringList(rs.getString(3)), rs.getString(4),
                EpochNanos.toInstant(rs.getLong(5)));
    }
}
