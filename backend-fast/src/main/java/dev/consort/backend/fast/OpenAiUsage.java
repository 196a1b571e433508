package dev.consort.backend.fast;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.chat.Usage;

/**
 * Reads a {@code usage} object: OpenAI's cached and reasoning token details, and DeepSeek's
 * {@code prompt_cache_hit_tokens}. Figures a server reports are exact.
 */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /**
     * The usage a node reports.
     *
     * @param usage the {@code usage} node; may be missing or null
     * @return the usage, or null when the node carries no token figures
     */
    static Usage read(JsonNode usage) {
        if (usage == null || !usage.isObject() || !usage.has("prompt_tokens") && !usage.has("completion_tokens")) {
            return null;
        }
        int cached = count(usage.path("prompt_tokens_details").path("cached_tokens"));
        if (cached == 0) {
            cached = count(usage.path("prompt_cache_hit_tokens"));
        }
        return new Usage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")), cached, 0,
                count(usage.path("completion_tokens_details").path("reasoning_tokens")), true);
    }

    private static int count(JsonNode n) {
        return n.canConvertToInt() ? Math.max(0, n.asInt()) : 0;
    }
}
