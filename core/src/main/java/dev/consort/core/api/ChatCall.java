package dev.consort.core.api;

import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the orchestrator: what to ask, and how to route it (a task type, or a backend named
 * by the caller, which beats the rules but not the budgets or windows).
 *
 * @param request     the provider-neutral request (messages, limits, tools, response format)
 * @param taskType    the task type to route by ({@code chat} when not given)
 * @param backend     a backend named by the caller, or null to route by task type
 * @param contextKeys project facts to pull into the prompt by key, within their own token cap
 * @param taskId      the task this call belongs to, or null
 * @param maxCostUsd  the most this one call may cost (a task's limit, what it has left), or null for the
 *                    budgets alone; a candidate whose projected maximum cost is higher is not called
 */
public record ChatCall(ChatRequest request, String taskType, String backend, List<String> contextKeys, String taskId,
                       java.math.BigDecimal maxCostUsd) {

    public ChatCall {
        Objects.requireNonNull(request, "request is null");
        taskType = taskType == null || taskType.isBlank() ? "chat" : taskType;
        contextKeys = contextKeys == null ? List.of() : List.copyOf(contextKeys);
        if (maxCostUsd != null && maxCostUsd.signum() < 0) {
            throw new IllegalArgumentException("maxCostUsd is negative: " + maxCostUsd);
        }
    }

    /** A call within the budgets alone. */
    public ChatCall(ChatRequest request, String taskType, String backend, List<String> contextKeys, String taskId) {
        this(request, taskType, backend, contextKeys, taskId, null);
    }

    /**
     * This call with a cost cap of its own.
     *
     * @param usd the most it may cost, or null for none
     * @return the call
     */
    public ChatCall withMaxCost(java.math.BigDecimal usd) {
        return new ChatCall(request, taskType, backend, contextKeys, taskId, usd);
    }

    /** A call of one user prompt routed by task type. */
    public static ChatCall of(String taskType, String prompt) {
        return new ChatCall(ChatRequest.of(List.of(Message.user(prompt))), taskType, null, List.of(), null);
    }

    /** This call sent to a named backend. */
    public ChatCall toBackend(String name) {
        return new ChatCall(request, taskType, name, contextKeys, taskId, maxCostUsd);
    }

    /** This call with other messages. */
    public ChatCall withMessages(List<Message> messages) {
        return new ChatCall(request.withMessages(messages), taskType, backend, contextKeys, taskId, maxCostUsd);
    }

    /** Tells whether the answer must be validated before it is given (JSON or a schema was asked for). */
    public boolean wantsValidatedOutput() {
        return request.responseFormat().wantsJson();
    }

    /** Convenience: a call with options. */
    public static ChatCall of(String taskType, String backend, List<Message> messages, int maxTokens, double temperature,
                              ResponseFormat format, List<ToolSpec> tools) {
        ChatRequest r = ChatRequest.builder().messages(messages).maxTokens(maxTokens).temperature(temperature)
                .responseFormat(format).tools(tools).hints(Map.of()).build();
        return new ChatCall(r, taskType, backend, List.of(), null);
    }
}
