package dev.consort.backend.planner;

import dev.consort.http.JsonEndpoint;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts one JSON body to the Messages API and hands back the response body as a stream that fails after
 * a silence longer than the read time-out, or throws the typed failure an error status means. The
 * headers are the same for every call, so they are made once. Thread-safe.
 */
final class AnthropicHttp implements AutoCloseable {

    static final String MESSAGES = "/v1/messages";
    static final String COUNT_TOKENS = "/v1/messages/count_tokens";

    private final AnthropicSettings settings;
    private final JsonEndpoint endpoint;
    private final Map<String, String> plain;
    private final Map<String, String> streamed;

    AnthropicHttp(String backend, AnthropicSettings settings, AnthropicErrors errors) {
        this.settings = settings;
        this.endpoint = new JsonEndpoint(backend, settings.connectTimeout(), errors);
        this.plain = headers(settings, "application/json");
        this.streamed = headers(settings, "text/event-stream");
    }

    private static Map<String, String> headers(AnthropicSettings settings, String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("accept", accept);
        h.put("anthropic-version", settings.anthropicVersion());
        if (!settings.betas().isEmpty()) {
            h.put("anthropic-beta", String.join(",", settings.betas()));
        }
        if (settings.apiKey() != null) {
            h.put("x-api-key", settings.apiKey().reveal());
        }
        return Map.copyOf(h);
    }

    /**
     * Posts a body and waits for the response headers (at most {@code timeout}).
     *
     * @param path    {@link #MESSAGES} or {@link #COUNT_TOKENS}
     * @param timeout the longest silence allowed, before the headers and during the body
     * @return the body of a 2xx response; the caller reads it to its end or closes it (which aborts the exchange)
     * @throws dev.consort.spi.backend.BackendException for an error status or a failed exchange
     */
    InputStream post(String path, byte[] body, boolean stream, Duration timeout) {
        return endpoint.post(URI.create(settings.baseUrl() + path), stream ? streamed : plain, body, timeout);
    }

    /**
     * Reads a whole non-streamed body, refusing one over {@link JsonEndpoint#MAX_BODY_BYTES}.
     *
     * @param in the body; closed here
     */
    byte[] readCapped(InputStream in) {
        return endpoint.readCapped(in);
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
