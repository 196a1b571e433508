package dev.consort.spi.chat;

/**
 * Tokens spent by one call (or, in a stream, so far).
 *
 * <p>Immutable and thread-safe.
 *
 * @param promptTokens     input tokens, including cached ones; not negative
 * @param completionTokens output tokens, including reasoning ones; not negative
 * @param cacheReadTokens  input tokens served from a provider's prompt cache; not negative
 * @param cacheWriteTokens input tokens written to a provider's prompt cache; not negative
 * @param reasoningTokens  output tokens spent thinking; not negative
 * @param exact            true when the provider reported these figures, false when estimated
 * @since 1.0
 */
public record Usage(int promptTokens, int completionTokens, int cacheReadTokens, int cacheWriteTokens,
                    int reasoningTokens, boolean exact) {

    /** No tokens, exactly. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, true);

    /** Validates the components. */
    public Usage {
        Checks.notNegative(promptTokens, "promptTokens");
        Checks.notNegative(completionTokens, "completionTokens");
        Checks.notNegative(cacheReadTokens, "cacheReadTokens");
        Checks.notNegative(cacheWriteTokens, "cacheWriteTokens");
        Checks.notNegative(reasoningTokens, "reasoningTokens");
    }

    /**
     * Figures reported by the provider.
     *
     * @param promptTokens     input tokens
     * @param completionTokens output tokens
     * @return the usage, marked exact
     */
    public static Usage exact(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, 0, true);
    }

    /**
     * Figures estimated by Consort.
     *
     * @param promptTokens     input tokens
     * @param completionTokens output tokens
     * @return the usage, marked estimated
     */
    public static Usage estimated(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, 0, false);
    }

    /**
     * The sum of both directions.
     *
     * @return prompt plus completion tokens
     */
    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
