package dev.consort.context.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search of facts with bounded work, the same on every database. Ranking costs one look-up per
 * matching fact, so a word that occurs in most facts ("the", "how", a project's own name) would make every
 * query scan the store while adding almost nothing to the ranking (its IDF is near zero). So words
 * matching more than {@value #COMMON_WORD_FACTS} facts are left out of the query; when every word is that
 * common, only the {@value #COMMON_WORD_FACTS} newest matches are ranked.
 */
public final class FactSearch {

    /** A word in more facts than this is too common to search for on its own. */
    public static final int COMMON_WORD_FACTS = 2_000;

    /** At most this many matches are ranked for one retrieval. */
    public static final int MAX_RANKED = 1_000;

    private FactSearch() {
    }

    /**
     * Walks the best matches of the words, best first.
     *
     * @param c       the connection, in a read transaction
     * @param index   the database's full-text index
     * @param words   words from {@link QueryWords#of(String)}; not empty
     * @param visitor takes each match until it returns false
     * @throws SQLException when a query fails
     */
    public static void search(Connection c, FactIndex index, List<String> words, FactIndex.MatchVisitor visitor)
            throws SQLException {
        List<String> selective = new ArrayList<>(words.size());
        for (String word : words) {
            if (index.countMatches(c, word, COMMON_WORD_FACTS) <= COMMON_WORD_FACTS) {
                selective.add(word);
            }
        }
        if (selective.isEmpty()) {
            index.forEachRecentMatch(c, words, COMMON_WORD_FACTS, visitor);
        } else {
            index.forEachMatch(c, selective, MAX_RANKED, visitor);
        }
    }
}
