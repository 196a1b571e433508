package dev.consort.core.api;

import dev.consort.spi.chat.Message;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of the tool loop: a conversation to continue, how to route it, and its limits.
 *
 * @param messages     the conversation so far, ending with the user's turn; not empty
 * @param taskType     the task type to route by ({@code chat} when null)
 * @param backend      a backend named by the caller, or null to route
 * @param contextKeys  project facts ({@code KEY}) and file summaries ({@code file:PATH}) for the prompt
 * @param useTools     whether the model is offered the tool runner's tools
 * @param stream       whether answers stream (text reaches the listener as it arrives)
 * @param maxSteps     the most model calls; positive
 * @param maxUsd       the most the whole run may cost, or null for the budgets alone
 * @param maxTokens    the most output tokens per call, or 0 for each backend's default
 * @param sessionId    the session, for the audit record of tool calls; not null
 * @param taskId       the task this run belongs to, or null
 * @param approver     who approves tool calls that need it; not null
 * @param cancellation how the caller stops the run; not null
 * @param hints        provider options for every call ({@code tool_choice}, {@code reasoning_effort}...)
 */
public record LoopRequest(List<Message> messages, String taskType, String backend, List<String> contextKeys,
                          boolean useTools, boolean stream, int maxSteps, BigDecimal maxUsd, int maxTokens,
                          String sessionId, String taskId, Approver approver, Cancellation cancellation,
                          Map<String, String> hints) {

    public LoopRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages is empty");
        }
        contextKeys = contextKeys == null ? List.of() : List.copyOf(contextKeys);
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        if (maxUsd != null && maxUsd.signum() < 0) {
            throw new IllegalArgumentException("maxUsd is negative: " + maxUsd);
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens is negative: " + maxTokens);
        }
        Objects.requireNonNull(sessionId, "sessionId is null");
        Objects.requireNonNull(approver, "approver is null");
        Objects.requireNonNull(cancellation, "cancellation is null");
        hints = hints == null ? Map.of() : Map.copyOf(hints);
    }

    /**
     * A run of one conversation with tools, routed as a chat, at most 20 steps, approvals denied.
     *
     * @param sessionId the session
     * @param messages  the conversation
     * @return the request
     */
    public static LoopRequest of(String sessionId, List<Message> messages) {
        return new LoopRequest(messages, "chat", null, List.of(), true, false, 20, null, 0, sessionId, null,
                Approver.NOBODY, new Cancellation(), Map.of());
    }

    /** @return this request routed by another task type */
    public LoopRequest withTaskType(String type) {
        return new LoopRequest(messages, type, backend, contextKeys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, cancellation, hints);
    }

    /** @return this request sent to a named backend (null to route) */
    public LoopRequest withBackend(String name) {
        return new LoopRequest(messages, taskType, name, contextKeys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, cancellation, hints);
    }

    /** @return this request with these limits */
    public LoopRequest withLimits(int steps, BigDecimal usd) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, stream, steps, usd, maxTokens,
                sessionId, taskId, approver, cancellation, hints);
    }

    /** @return this request streamed or not */
    public LoopRequest withStream(boolean value) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, value, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, cancellation, hints);
    }

    /** @return this request with or without tools */
    public LoopRequest withTools(boolean value) {
        return new LoopRequest(messages, taskType, backend, contextKeys, value, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, cancellation, hints);
    }

    /** @return this request with these context keys */
    public LoopRequest withContextKeys(List<String> keys) {
        return new LoopRequest(messages, taskType, backend, keys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, cancellation, hints);
    }

    /** @return this request with this approver */
    public LoopRequest withApprover(Approver value) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, value, cancellation, hints);
    }

    /** @return this request stopped through this cancellation */
    public LoopRequest withCancellation(Cancellation value) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, value, hints);
    }

    /** @return this request on behalf of a task */
    public LoopRequest forTask(String id) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, id, approver, cancellation, hints);
    }

    /** @return this request with these provider options */
    public LoopRequest withHints(Map<String, String> value) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, stream, maxSteps, maxUsd, maxTokens,
                sessionId, taskId, approver, cancellation, value);
    }

    /** @return this request with an output cap per call */
    public LoopRequest withMaxTokens(int value) {
        return new LoopRequest(messages, taskType, backend, contextKeys, useTools, stream, maxSteps, maxUsd, value,
                sessionId, taskId, approver, cancellation, hints);
    }
}
