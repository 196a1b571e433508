package dev.consort.backend.review;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a Gemini backend remembers of the function calls it received, so a conversation that sends them
 * back round-trips: the call's {@code thoughtSignature} (Gemini 3 refuses a replayed call without it)
 * and whether Gemini issued the call's id itself (then the id is echoed in {@code functionCall} and
 * {@code functionResponse}). {@link dev.consort.spi.chat.ToolCall} has no room for either, so they
 * live here, keyed by call id, the oldest forgotten past a bound. Thread-safe.
 */
final class GeminiCallMemory {

    /** A placeholder Gemini documents for calls whose signature is unknown (history from elsewhere). */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private static final int MAX_ENTRIES = 4096;

    /** What is known of one call. */
    record Call(String signature, boolean providerId) {
    }

    private final Map<String, Call> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized void remember(String callId, String signature, boolean providerId) {
        if (signature != null || providerId) {
            entries.put(callId, new Call(signature, providerId));
        }
    }

    synchronized Optional<Call> recall(String callId) {
        return Optional.ofNullable(entries.get(callId));
    }

    synchronized void clear() {
        entries.clear();
    }
}
