package dev.consort.context.sql;

import dev.consort.spi.context.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Fills a token budget with excerpts offered best first: each is taken whole while it fits; the first
 * that does not fit is trimmed to the tokens left (see {@link TextTrimmer}) and closes the budget.
 *
 * <p>Shared by every SQL store so that they all spend a budget the same way. Not thread-safe: one
 * instance serves one retrieval.
 */
public final class ExcerptBudget {

    private final ToIntFunction<String> counter;
    private final List<Excerpt> excerpts = new ArrayList<>();
    private int remaining;
    private boolean closed;

    /**
     * Starts an empty budget.
     *
     * @param tokens  the budget; not negative
     * @param counter counts tokens; not null
     */
    public ExcerptBudget(int tokens, ToIntFunction<String> counter) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens is negative: " + tokens);
        }
        this.counter = Objects.requireNonNull(counter, "counter is null");
        this.remaining = tokens;
        this.closed = tokens == 0;
    }

    /**
     * Offers the next excerpt.
     *
     * @param source where it comes from; not null
     * @param key    its key; not null
     * @param text   its text; not null
     * @param score  its relevance; finite
     * @return true when more excerpts may still be offered, false once the budget is spent
     */
    public boolean offer(String source, String key, String text, double score) {
        if (closed) {
            return false;
        }
        int tokens = counter.applyAsInt(text);
        if (tokens <= remaining) {
            excerpts.add(new Excerpt(source, key, text, tokens, score));
            remaining -= tokens;
            closed = remaining == 0;
            return !closed;
        }
        TextTrimmer.trim(text, remaining, counter)
                .ifPresent(t -> excerpts.add(new Excerpt(source, key, t.text(), t.tokens(), score)));
        closed = true;
        return false;
    }

    /**
     * Tells whether no further excerpt will be taken.
     *
     * @return true once the budget is spent or an excerpt had to be trimmed
     */
    public boolean isSpent() {
        return closed;
    }

    /**
     * The excerpts taken so far, in the order offered.
     *
     * @return an unmodifiable copy; never null
     */
    public List<Excerpt> excerpts() {
        return List.copyOf(excerpts);
    }
}
