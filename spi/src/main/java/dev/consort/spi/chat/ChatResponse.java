package dev.consort.spi.chat;

import java.util.List;

/**
 * A backend's whole answer to one request.
 *
 * <p>Immutable and thread-safe.
 *
 * @param content      the text; not null (empty when the model only called tools)
 * @param reasoning    thinking text the provider returned, or empty; not null
 * @param finishReason why the model stopped; not null
 * @param toolCalls    the tools the model asked to run; never null
 * @param usage        tokens spent; not null
 * @param model        the model that answered, as the provider named it; not null (may be empty)
 * @since 1.0
 */
public record ChatResponse(String content, String reasoning, FinishReason finishReason, List<ToolCall> toolCalls,
                           Usage usage, String model) {

    /** Validates and copies the components. */
    public ChatResponse {
        if (content == null) {
            throw new IllegalArgumentException("content is null");
        }
        reasoning = reasoning == null ? "" : reasoning;
        if (finishReason == null) {
            throw new IllegalArgumentException("finishReason is null");
        }
        toolCalls = Checks.copy(toolCalls, "toolCalls");
        if (usage == null) {
            throw new IllegalArgumentException("usage is null");
        }
        model = model == null ? "" : model;
    }

    /**
     * This answer as an assistant message, to append to the conversation.
     *
     * @return the message
     */
    public Message toMessage() {
        return Message.assistant(content, toolCalls);
    }
}
