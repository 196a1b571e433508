package dev.consort.context.sql.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search of facts with bounded work. bm25 costs one look-up per matching fact, so a word that
 * occurs in most facts ("the", "how", a project's own name) would make every query scan the store while
 * adding almost nothing to the ranking (its IDF is near zero). So words matching more than
 * {@value #COMMON_WORD_FACTS} facts are left out of the query; when every word is that common, only the
 * {@value #COMMON_WORD_FACTS} newest matches are ranked.
 */
final class FactSearch {

    /** A word in more facts than this is too common to search for on its own. */
    static final int COMMON_WORD_FACTS = 2_000;

    /** At most this many matches are ranked for one retrieval. */
    static final int MAX_RANKED = 1_000;

    private FactSearch() {
    }

    /**
     * Walks the best matches of the words, best first.
     *
     * @param c       the connection, in a read transaction
     * @param terms   quoted words from {@link FtsQuery#terms(String)}; not empty
     * @param visitor takes each match until it returns false
     * @throws SQLException when a query fails
     */
    static void search(Connection c, List<String> terms, FactTable.MatchVisitor visitor) throws SQLException {
        List<String> selective = new ArrayList<>(terms.size());
        for (String term : terms) {
            if (FactTable.countMatches(c, term, COMMON_WORD_FACTS) <= COMMON_WORD_FACTS) {
                selective.add(term);
            }
        }
        if (selective.isEmpty()) {
            FactTable.forEachRecentMatch(c, FtsQuery.anyOf(terms), COMMON_WORD_FACTS, visitor);
        } else {
            FactTable.forEachMatch(c, FtsQuery.anyOf(selective), MAX_RANKED, visitor);
        }
    }
}
