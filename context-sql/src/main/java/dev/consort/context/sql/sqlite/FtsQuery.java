package dev.consort.context.sql.sqlite;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns arbitrary user text into an FTS5 query that cannot be a syntax error: the text is cut into
 * words (runs of letters, digits and combining marks, as FTS5's {@code unicode61} tokenizer cuts it),
 * each word is quoted, so {@code AND}, {@code NEAR}, {@code *}, {@code :} or {@code "} are plain text,
 * and the words are joined with {@code OR} for bm25 to rank.
 */
final class FtsQuery {

    /** At most this many distinct words are searched; the rest of a pasted wall of text is ignored. */
    static final int MAX_TERMS = 64;

    private FtsQuery() {
    }

    /**
     * Cuts the text into distinct words, each quoted as an FTS5 string.
     *
     * @param text the user's text; may be null
     * @return at most {@value #MAX_TERMS} quoted words in order of first appearance; never null
     */
    static List<String> terms(String text) {
        if (text == null) {
            return List.of();
        }
        Set<String> words = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        // Words hold no quote, but quoting stays correct even if that rule changes.
        return words.stream().limit(MAX_TERMS).map(w -> '"' + w.replace("\"", "\"\"") + '"').toList();
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

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.PRIVATE_USE;
    }
}
