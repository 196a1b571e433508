package dev.consort.spi.chat;

/**
 * Who speaks a {@link Message}.
 *
 * @since 1.0
 */
public enum Role {
    /** Instructions to the model: personas, task facts. */
    SYSTEM,
    /** The person or program asking. */
    USER,
    /** The model's answer, possibly with tool calls. */
    ASSISTANT,
    /** The result of one tool call, answering the call named by {@link Message#toolCallId()}. */
    TOOL;

    /**
     * The lower-case wire name ({@code system}, {@code user}, {@code assistant}, {@code tool}).
     *
     * @return the wire name; never null
     */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
