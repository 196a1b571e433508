package dev.consort.backend.local.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The context window of an Ollama backend: the configured one, else the model's own, read once from
 * {@code POST /api/show} ({@code model_info}'s {@code *.context_length}) and kept. When the server cannot
 * say, {@value #FALLBACK} tokens, asked again at most every {@link #RETRY_AFTER_FAILURE}. Thread-safe.
 */
final class OllamaContextWindow {

    static final int FALLBACK = 4096;
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final OllamaSettings settings;
    private final OllamaHttp http;
    private final Clock clock;
    private int known;
    private Instant retryAt = Instant.MIN;

    OllamaContextWindow(OllamaSettings settings, OllamaHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    synchronized int get() {
        if (settings.contextWindow() > 0) {
            return settings.contextWindow();
        }
        if (known > 0) {
            return known;
        }
        if (clock.instant().isBefore(retryAt)) {
            return FALLBACK;
        }
        int read = ask();
        if (read > 0) {
            known = read;
            return read;
        }
        retryAt = clock.instant().plus(RETRY_AFTER_FAILURE);
        return FALLBACK;
    }

    private int ask() {
        var body = OllamaRequestWriter.JSON.createObjectNode().put("model", settings.model());
        Duration wait = settings.readTimeout().compareTo(MAX_WAIT) < 0 ? settings.readTimeout() : MAX_WAIT;
        try {
            byte[] bytes = http.readCapped(http.post("/api/show", OllamaRequestWriter.bytes(body), wait));
            JsonNode info = OllamaRequestWriter.JSON.readTree(bytes).path("model_info");
            for (Map.Entry<String, JsonNode> e : info.properties()) {
                if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToInt()
                        && e.getValue().asInt() > 0) {
                    return e.getValue().asInt();
                }
            }
            return 0;
        } catch (BackendException | IOException e) {
            return 0;
        }
    }
}
