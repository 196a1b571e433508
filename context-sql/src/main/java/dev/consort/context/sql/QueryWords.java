package dev.consort.context.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts arbitrary user text into the words a full-text search looks for: runs of letters, digits and
 * combining marks (as FTS5's {@code unicode61} tokenizer cuts it), lower-cased, each once. Operators and
 * punctuation ({@code AND}, {@code NEAR(}, {@code *}, {@code :}, {@code "}, {@code &}, {@code |}) never
 * reach the database's query syntax.
 */
public final class QueryWords {

    /** At most this many distinct words are searched; the rest of a pasted wall of text is ignored. */
    public static final int MAX_WORDS = 64;

    private QueryWords() {
    }

    /**
     * Cuts the text into distinct words.
     *
     * @param text the user's text; may be null
     * @return at most {@value #MAX_WORDS} lower-case words in order of first appearance; never null
     */
    public static List<String> of(String text) {
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
        return words.stream().limit(MAX_WORDS).toList();
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
