package dev.consort.spi.chat;

import java.util.List;

/**
 * One turn of a conversation.
 *
 * <p>Immutable and thread-safe. Use the static factories for the common shapes.
 *
 * @param role       who speaks; not null
 * @param content    the text; not null (empty for an assistant turn that only calls tools)
 * @param name       an optional speaker or tool name; may be null
 * @param toolCallId for {@link Role#TOOL}: the id of the call this answers; required there, else null
 * @param toolCalls  for {@link Role#ASSISTANT}: the tools the model asked to run; never null, copied
 * @since 1.0
 */
public record Message(Role role, String content, String name, String toolCallId, List<ToolCall> toolCalls) {

    /** Validates and copies the components. */
    public Message {
        if (role == null) {
            throw new IllegalArgumentException("role is null");
        }
        if (content == null) {
            throw new IllegalArgumentException("content is null");
        }
        toolCalls = Checks.copy(toolCalls, "toolCalls");
        if (role == Role.TOOL) {
            Checks.notBlank(toolCallId, "toolCallId of a tool message");
        } else if (toolCallId != null) {
            throw new IllegalArgumentException("toolCallId is only for tool messages");
        }
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only assistant messages carry tool calls");
        }
    }

    /**
     * A system message.
     *
     * @param content the text; not null
     * @return the message
     */
    public static Message system(String content) {
        return new Message(Role.SYSTEM, content, null, null, List.of());
    }

    /**
     * A user message.
     *
     * @param content the text; not null
     * @return the message
     */
    public static Message user(String content) {
        return new Message(Role.USER, content, null, null, List.of());
    }

    /**
     * An assistant message with text only.
     *
     * @param content the text; not null
     * @return the message
     */
    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content, null, null, List.of());
    }

    /**
     * An assistant message that asks for tools.
     *
     * @param content   accompanying text; not null, may be empty
     * @param toolCalls the calls; not null
     * @return the message
     */
    public static Message assistant(String content, List<ToolCall> toolCalls) {
        return new Message(Role.ASSISTANT, content, null, null, toolCalls);
    }

    /**
     * A tool result.
     *
     * @param toolCallId the id of the call answered; not blank
     * @param toolName   the tool's name; may be null (some providers require it: Gemini)
     * @param content    the result text; not null
     * @return the message
     */
    public static Message tool(String toolCallId, String toolName, String content) {
        return new Message(Role.TOOL, content, toolName, toolCallId, List.of());
    }

    /**
     * Tells whether this is an assistant turn that asks for tools.
     *
     * @return true when {@link #toolCalls()} is not empty
     */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
