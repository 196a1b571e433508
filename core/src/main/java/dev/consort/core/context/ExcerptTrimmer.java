package dev.consort.core.context;

import dev.consort.spi.context.Excerpt;
import java.util.function.ToIntFunction;

/** Fits a text into a token budget, cutting at a word boundary when it is too long. */
public final class ExcerptTrimmer {

    private ExcerptTrimmer() {
    }

    /** The excerpt within {@code budget} tokens, or null when not even a word fits. */
    public static Excerpt fit(String source, String key, String text, double score, int budget, ToIntFunction<String> counter) {
        int tokens = counter.applyAsInt(text);
        if (tokens <= budget) {
            return new Excerpt(source, key, text, tokens, score);
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (counter.applyAsInt(text.substring(0, mid) + " …") <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int cut = text.lastIndexOf(' ', lo);
        cut = cut > 0 ? cut : lo;
        if (cut == 0) {
            return null;
        }
        String trimmed = text.substring(0, cut) + " …";
        return new Excerpt(source, key, trimmed, counter.applyAsInt(trimmed), score);
    }
}
