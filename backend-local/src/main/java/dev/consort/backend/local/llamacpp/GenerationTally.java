package dev.consort.backend.local.llamacpp;

import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Usage;
import java.nio.charset.StandardCharsets;

/**
 * Counts the tokens of one generation from what llama.cpp streams, and tells why it ended.
 *
 * <p>llama.cpp streams one result per sampled token, except that it holds back a token that ends in the
 * middle of a UTF-8 character and sends its bytes with the next result. So the count of results is
 * exact while every token is whole text (code, JSON, most prose); a generation that stopped at the
 * output limit has produced exactly that many tokens; otherwise, when held-back bytes were possible,
 * the count is reported as an estimate. Not thread-safe: one per generation.
 */
final class GenerationTally {

    private final int promptTokens;
    private final int limit;
    private int results;
    private long upperBound;
    private boolean splitCharactersPossible;
    private String last = "";

    GenerationTally(int promptTokens, int limit) {
        this.promptTokens = promptTokens;
        this.limit = limit;
    }

    /** Counts one streamed result (one sampled token, or several when bytes were held back). */
    void result(String text) {
        results++;
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        upperBound += Math.max(1, bytes);
        if (bytes != text.length()) {
            splitCharactersPossible = true;
        }
        last = text;
    }

    /** Why llama.cpp ended the generation by itself: its output limit, or an end-of-generation token. */
    FinishReason endedBy() {
        // the end-of-generation token streams as an empty result; a last result with text means the limit
        // cut generation, which is certain when the results reach it and possible when bytes were held back
        if (results >= limit || !last.isEmpty() && splitCharactersPossible && upperBound >= limit) {
            return FinishReason.LENGTH;
        }
        return FinishReason.STOP;
    }

    /** The usage at the end of a generation that ended for this reason. */
    Usage usage(FinishReason reason) {
        if (reason == FinishReason.LENGTH) {
            return Usage.exact(promptTokens, limit);
        }
        return splitCharactersPossible ? Usage.estimated(promptTokens, results) : Usage.exact(promptTokens, results);
    }

    /** The usage so far, for a generation cut short by the caller. */
    Usage usageSoFar() {
        return usage(FinishReason.CANCELLED);
    }
}
