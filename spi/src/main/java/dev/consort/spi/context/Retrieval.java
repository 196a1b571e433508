package dev.consort.spi.context;

import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * What to fetch from project memory for one prompt: facts by key, then the best full-text matches,
 * until the token budget is spent.
 *
 * @param keys         facts wanted by key, in order; never null
 * @param query        a full-text query, or null for none
 * @param tokenBudget  the most tokens the excerpts may take together; not negative
 * @param tokenCounter counts a text's tokens for the backend that will read it; not null
 * @since 1.0
 */
public record Retrieval(List<String> keys, String query, int tokenBudget, ToIntFunction<String> tokenCounter) {

    /** Validates and copies the components. */
    public Retrieval {
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("tokenBudget is negative: " + tokenBudget);
        }
        Objects.requireNonNull(tokenCounter, "tokenCounter is null");
    }
}
