package dev.consort.context.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Cuts a text to the longest prefix that fits a token budget: whole lines when at least one line
 * fits, otherwise whole words of the first line. Never cuts inside a word, so a budget too small for
 * the first word gives nothing.
 *
 * <p>Candidate prefixes are counted with the caller's counter (a binary search, so a long text costs
 * a few counts, not one per line); the result is always re-counted. Stateless and thread-safe.
 */
public final class TextTrimmer {

    private TextTrimmer() {
    }

    /**
     * A trimmed text and its tokens.
     *
     * @param text   the prefix kept; not null
     * @param tokens its tokens by the caller's counter; not negative
     */
    public record Trimmed(String text, int tokens) {
        /** Validates the components. */
        public Trimmed {
            Objects.requireNonNull(text, "text is null");
            if (tokens < 0) {
                throw new IllegalArgumentException("tokens is negative: " + tokens);
            }
        }
    }

    /**
     * Trims a text to fit.
     *
     * @param text    the text; not null
     * @param budget  the most tokens the result may take; not negative
     * @param counter counts tokens; not null
     * @return the longest fitting prefix of whole lines or words, or empty when not even one word fits
     */
    public static Optional<Trimmed> trim(String text, int budget, ToIntFunction<String> counter) {
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(counter, "counter is null");
        int whole = counter.applyAsInt(text);
        if (whole <= budget) {
            return Optional.of(new Trimmed(text, whole));
        }
        Optional<Trimmed> lines = longestFitting(text, lineEnds(text), budget, counter);
        if (lines.isPresent()) {
            return lines;
        }
        int firstLineEnd = text.indexOf('\n');
        String firstLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
        return longestFitting(firstLine, wordEnds(firstLine), budget, counter);
    }

    /** Ends of the lines before the last one, without their line breaks. */
    private static List<Integer> lineEnds(String text) {
        List<Integer> ends = new ArrayList<>();
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            int end = i > 0 && text.charAt(i - 1) == '\r' ? i - 1 : i;
            if (end > 0) {
                ends.add(end);
            }
        }
        return ends;
    }

    /** Ends of the words, each just after a word's last character. */
    private static List<Integer> wordEnds(String line) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            boolean inWord = !Character.isWhitespace(line.charAt(i));
            boolean nextIsSpace = i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1));
            if (inWord && nextIsSpace) {
                ends.add(i + 1);
            }
        }
        return ends;
    }

    private static Optional<Trimmed> longestFitting(String text, List<Integer> ends, int budget,
                                                    ToIntFunction<String> counter) {
        Trimmed best = null;
        int lo = 0;
        int hi = ends.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            String prefix = text.substring(0, ends.get(mid)).stripTrailing();
            int tokens = counter.applyAsInt(prefix);
            if (tokens <= budget && !prefix.isEmpty()) {
                best = new Trimmed(prefix, tokens);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.ofNullable(best);
    }
}
