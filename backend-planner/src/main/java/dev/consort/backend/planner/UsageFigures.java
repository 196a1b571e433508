package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.chat.Usage;

/**
 * The token figures the API reports for one answer, merged as they arrive: {@code message_start}
 * carries the input side, each {@code message_delta} the output so far (cumulative) and sometimes the
 * input again. The prompt is every input token: uncached, written to the cache and read from it. Not
 * thread-safe.
 */
final class UsageFigures {

    private int input;
    private int cacheWrite;
    private int cacheRead;
    private int output;
    private int thinking;
    private boolean seen;

    /** Takes the figures present in a {@code usage} object; absent or null ones keep their value. */
    void merge(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        seen = true;
        input = count(usage.get("input_tokens"), input);
        cacheWrite = count(usage.get("cache_creation_input_tokens"), cacheWrite);
        cacheRead = count(usage.get("cache_read_input_tokens"), cacheRead);
        output = count(usage.get("output_tokens"), output);
        thinking = count(usage.path("output_tokens_details").get("thinking_tokens"), thinking);
    }

    boolean seen() {
        return seen;
    }

    int promptTokens() {
        return saturated((long) input + cacheWrite + cacheRead);
    }

    int outputTokens() {
        return output;
    }

    /** The figures as reported, exact. */
    Usage usage() {
        return new Usage(promptTokens(), output, cacheRead, cacheWrite, Math.min(thinking, output), true);
    }

    /** The figures with the output replaced by an estimate where it is larger, marked estimated. */
    Usage withEstimatedOutput(int estimatedOutput) {
        int out = Math.max(output, estimatedOutput);
        return new Usage(promptTokens(), out, cacheRead, cacheWrite, Math.min(thinking, out), false);
    }

    private static int count(JsonNode n, int previous) {
        return n != null && n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0 ? n.intValue() : previous;
    }

    private static int saturated(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }
}
