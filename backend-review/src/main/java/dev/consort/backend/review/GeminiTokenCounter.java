package dev.consort.backend.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.chat.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Counts prompt tokens with Gemini's own tokenizer ({@code models/{model}:countTokens}, the
 * {@code generateContentRequest} form so the system instruction counts too), within a short time-out;
 * falls back to the estimate when the call fails. Recent answers are cached, since context shaping
 * counts the same messages often. Thread-safe.
 */
final class GeminiTokenCounter {

    private static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final int CACHE_SIZE = 256;

    private final GeminiSettings settings;
    private final GeminiHttp http;
    private final GeminiRequestWriter writer;
    private final TokenEstimator estimator;
    private final Map<List<Message>, Integer> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Message>, Integer> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    GeminiTokenCounter(GeminiSettings settings, GeminiHttp http, GeminiRequestWriter writer, TokenEstimator estimator) {
        this.settings = settings;
        this.http = http;
        this.writer = writer;
        this.estimator = estimator;
    }

    int count(List<Message> messages) {
        if (!settings.exactTokenCount() || messages.isEmpty()) {
            return estimator.estimate(messages);
        }
        List<Message> key = List.copyOf(messages);
        synchronized (cache) {
            Integer known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        OptionalInt exact = ask(key);
        if (exact.isEmpty()) {
            return estimator.estimate(messages);
        }
        synchronized (cache) {
            cache.put(key, exact.getAsInt());
        }
        return exact.getAsInt();
    }

    private OptionalInt ask(List<Message> messages) {
        ObjectNode inner = GeminiRequestWriter.JSON.createObjectNode();
        inner.put("model", "models/" + settings.model());
        ObjectNode body = GeminiRequestWriter.JSON.createObjectNode();
        try {
            writer.writeConversation(inner, messages);
            body.set("generateContentRequest", inner);
            Duration wait = settings.readTimeout().compareTo(MAX_WAIT) < 0 ? settings.readTimeout() : MAX_WAIT;
            byte[] bytes = http.readCapped(http.post("countTokens", GeminiRequestWriter.bytes(body), wait));
            JsonNode total = GeminiRequestWriter.JSON.readTree(bytes).path("totalTokens");
            return total.canConvertToInt() && total.asInt() >= 0 ? OptionalInt.of(total.asInt()) : OptionalInt.empty();
        } catch (BackendException | IOException e) {
            return OptionalInt.empty();
        }
    }

    void clear() {
        synchronized (cache) {
            cache.clear();
        }
    }
}
