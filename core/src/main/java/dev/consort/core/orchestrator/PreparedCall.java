package dev.consort.core.orchestrator;

import dev.consort.spi.chat.ChatRequest;
import java.math.BigDecimal;

/**
 * A call made ready for one backend: persona injected, facts added, context shaped to its window.
 *
 * @param request       what to send
 * @param promptTokens  the prompt's size as the backend counts it, or an upper bound of it when
 *                      {@code promptTokensExact} is false (then no budget or cost cap depends on it)
 * @param maxOutput     the output tokens reserved
 * @param maxCostUsd    the most the call can cost
 * @param droppedTurns  messages dropped by shaping
 * @param promptTokensExact whether {@code promptTokens} is the backend's count
 */
record PreparedCall(ChatRequest request, int promptTokens, int maxOutput, BigDecimal maxCostUsd, int droppedTurns,
                    boolean promptTokensExact) {
}
