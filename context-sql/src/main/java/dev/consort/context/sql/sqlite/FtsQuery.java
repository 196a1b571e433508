package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.QueryWords;
import java.util.List;

/**
 * Turns arbitrary user text into an FTS5 query that cannot be a syntax error: the text is cut into
 * words ({@link QueryWords}), each word is quoted, so {@code AND}, {@code NEAR}, {@code *}, {@code :} or
 * {@code "} are plain text, and the words are joined with {@code OR} for bm25 to rank.
 */
final class FtsQuery {

    /** At most this many distinct words are searched; the rest of a pasted wall of text is ignored. */
    static final int MAX_TERMS = QueryWords.MAX_WORDS;

    private FtsQuery() {
    }

    /**
     * Cuts the text into distinct words, each quoted as an FTS5 string.
     *
     * @param text the user's text; may be null
     * @return at most {@value #MAX_TERMS} quoted words in order of first appearance; never null
     */
    static List<String> terms(String text) {
        return QueryWords.of(text).stream().map(FtsQuery::quote).toList();
    }

    /**
     * Quotes one word as an FTS5 string.
     *
     * @param word the word
     * @return the quoted word
     */
    static String quote(String word) {
        // Words hold no quote, but quoting stays correct even if that rule changes.
        return '"' + word.replace("\"", "\"\"") + '"';
    }

    /**
     * Joins quoted words into a query matching any of them.
     *
     * @param terms quoted words from {@link #terms(String)}; not empty
     * @return the query
     */
    static String anyOf(List<String> terms) {
        return String.join(" OR ", terms);
    }
}
