package dev.consort.spi.context;

import java.util.Objects;

/**
 * A piece of project memory chosen for a prompt.
 *
 * @param source where it comes from ({@code fact}, {@code file}); not null
 * @param key    the fact's key or the file's path; not null
 * @param text   the text, possibly trimmed to fit; not null
 * @param tokens the tokens {@code text} takes, as counted by the caller's counter; not negative
 * @param score  relevance, higher is better (1 for facts fetched by key); finite
 * @since 1.0
 */
public record Excerpt(String source, String key, String text, int tokens, double score) {

    /** Validates the components. */
    public Excerpt {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(text, "text is null");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens is negative: " + tokens);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score is not finite: " + score);
        }
    }
}
