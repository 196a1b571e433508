package dev.consort.context.sql.sqlite;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
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
     * Builds the query.
     *
     * @param text the user's text; may be null
     * @return the FTS5 query, or empty when the text has no words
     */
    static Optional<String> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Set<String> terms = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                terms.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            terms.add(word.toString().toLowerCase(Locale.ROOT));
        }
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder query = new StringBuilder();
        for (String term : terms.stream().limit(MAX_TERMS).toList()) {
            if (!query.isEmpty()) {
                query.append(" OR ");
            }
            // Words hold no quote, but quoting stays correct even if that rule changes.
            query.append('"').append(term.replace("\"", "\"\"")).append('"');
        }
        return Optional.of(query.toString());
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
