package dev.consort.spi.backend;

import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * Estimates prompt tokens for a backend without its tokenizer, and corrects itself from the exact
 * figures the provider reports: after each call, {@link #observe} feeds the estimate and the
 * provider's prompt tokens into a running ratio, so later estimates (and routing decisions) get
 * closer. Starts at about four characters a token, plus a few tokens of framing per message.
 *
 * <p>Lock-free and thread-safe.
 *
 * @since 1.0
 */
public final class TokenEstimator {

    private static final int PER_MESSAGE_OVERHEAD = 4;
    private static final double CHARS_PER_TOKEN = 4.0;
    private static final double WEIGHT = 0.2;

    private volatile double correction = 1.0;

    /** Creates an estimator with no observations. */
    public TokenEstimator() {
    }

    /**
     * Estimates the tokens of a prompt.
     *
     * @param messages the messages; not null
     * @return the estimate, not negative
     */
    public int estimate(List<Message> messages) {
        Objects.requireNonNull(messages, "messages is null");
        return (int) Math.ceil(raw(messages) * correction);
    }

    /**
     * Estimates the tokens of a text.
     *
     * @param text the text; not null
     * @return the estimate, not negative
     */
    public int estimate(String text) {
        return (int) Math.ceil(text.length() / CHARS_PER_TOKEN * correction);
    }

    /**
     * Learns from one call: what was estimated for its prompt (uncorrected) and what the provider
     * reported.
     *
     * @param messages     the prompt that was sent; not null
     * @param actualTokens the provider's prompt tokens; ignored unless positive
     */
    public void observe(List<Message> messages, int actualTokens) {
        double raw = raw(messages);
        if (actualTokens <= 0 || raw <= 0) {
            return;
        }
        double ratio = Math.max(0.25, Math.min(4.0, actualTokens / raw));
        correction = correction * (1 - WEIGHT) + ratio * WEIGHT;
    }

    /**
     * The current correction factor (1 before any observation).
     *
     * @return the factor
     */
    public double correction() {
        return correction;
    }

    private static double raw(List<Message> messages) {
        double tokens = 0;
        for (Message m : messages) {
            tokens += PER_MESSAGE_OVERHEAD + m.content().length() / CHARS_PER_TOKEN;
            for (ToolCall c : m.toolCalls()) {
                tokens += PER_MESSAGE_OVERHEAD + (c.name().length() + c.argumentsJson().length()) / CHARS_PER_TOKEN;
            }
        }
        return tokens;
    }
}
