package dev.consort.backend.fast;

import dev.consort.spi.chat.FinishReason;

/** Maps a {@code finish_reason} to the SPI's, so every provider's answers end alike. */
final class OpenAiFinishReason {

    private OpenAiFinishReason() {
    }

    /**
     * The reason for the wire value.
     *
     * @param wire         the {@code finish_reason}, or null when the server gave none
     * @param calledTools  whether the answer carried tool calls (some servers say {@code stop} then)
     * @return the reason; never null
     */
    static FinishReason of(String wire, boolean calledTools) {
        FinishReason r = wire == null ? FinishReason.STOP : switch (wire) {
            case "stop", "eos", "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "error" -> FinishReason.ERROR;
            default -> FinishReason.OTHER;
        };
        return calledTools && (r == FinishReason.STOP || r == FinishReason.OTHER) ? FinishReason.TOOL_CALLS : r;
    }
}
