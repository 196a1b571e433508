package dev.consort.context.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A database's full-text index of facts: SQLite's FTS5 with bm25, PostgreSQL's text search with
 * {@code ts_rank}. {@link FactSearch} decides which words to search and how much to rank; this does the
 * searching. Words are plain lower-case words from {@link QueryWords}: the index quotes them its own way.
 */
public interface FactIndex {

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

    /**
     * Counts the facts matching one word, stopping past a cap (cheap: no ranking, no row reads).
     *
     * @param c    the connection, in a transaction
     * @param word one word
     * @param cap  where to stop counting
     * @return the count, at most {@code cap + 1}
     * @throws SQLException when the query fails
     */
    int countMatches(Connection c, String word, int cap) throws SQLException;

    /**
     * Walks the facts matching any of the words, best first.
     *
     * @param c       the connection, in a transaction
     * @param words   the words; not empty
     * @param limit   the most matches to rank and walk
     * @param visitor takes each match until it returns false
     * @throws SQLException when the query fails
     */
    void forEachMatch(Connection c, List<String> words, int limit, MatchVisitor visitor) throws SQLException;

    /**
     * Walks the newest facts matching any of the words, ranking only those, best first: bounded work
     * for queries whose every word is common.
     *
     * @param c       the connection, in a transaction
     * @param words   the words; not empty
     * @param window  how many of the newest matches to rank
     * @param visitor takes each match until it returns false
     * @throws SQLException when the query fails
     */
    void forEachRecentMatch(Connection c, List<String> words, int window, MatchVisitor visitor) throws SQLException;
}
