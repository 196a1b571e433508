package dev.consort.spi.chat;

/**
 * Why a model stopped, normalized across providers.
 *
 * @since 1.0
 */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP,
    /** The output token limit was reached. */
    LENGTH,
    /** The model asked for tools. */
    TOOL_CALLS,
    /** The provider withheld content (safety, recitation, policy). */
    CONTENT_FILTER,
    /** The caller closed the stream before the end. */
    CANCELLED,
    /** The stream ended with an error. */
    ERROR,
    /** A reason this version does not know. */
    OTHER
}
