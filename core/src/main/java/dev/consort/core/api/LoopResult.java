package dev.consort.core.api;

import dev.consort.spi.chat.Message;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * How a run of the tool loop ended.
 *
 * @param ending           why it stopped
 * @param content          the final answer's text ({@code ANSWERED}), or the last text the model gave
 * @param added            the messages the run added to the conversation (assistant turns and tool results)
 * @param steps            the model calls made
 * @param costUsd          what they cost
 * @param promptTokens     prompt tokens over every call
 * @param completionTokens completion tokens over every call
 * @param backend          the backend that gave the last answer, or null when none answered
 * @param detail           one line on why it stopped, for every ending but {@code ANSWERED}
 */
public record LoopResult(Ending ending, String content, List<Message> added, int steps, BigDecimal costUsd,
                         long promptTokens, long completionTokens, String backend, String detail) {

    /** Why a run stopped. */
    public enum Ending {
        /** The model gave a final answer. */
        ANSWERED,
        /** The model still asked for tools after the most model calls allowed. */
        MAX_STEPS,
        /** The next call would have gone over a budget or the run's own limit. */
        BUDGET,
        /** The caller cancelled it. */
        CANCELLED,
        /** Every backend failed. */
        FAILED
    }

    public LoopResult {
        Objects.requireNonNull(ending, "ending is null");
        content = content == null ? "" : content;
        added = List.copyOf(added);
        Objects.requireNonNull(costUsd, "costUsd is null");
        detail = detail == null ? "" : detail;
    }
}
