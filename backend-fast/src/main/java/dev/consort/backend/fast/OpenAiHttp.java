package dev.consort.backend.fast;

import dev.consort.http.JsonEndpoint;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts one JSON body to {@code {base_url}/chat/completions} and hands back the response body as a
 * stream that fails after {@code read_timeout} of silence, or throws the typed failure an error status
 * means. The headers are the same for every call, so they are made once. Thread-safe.
 */
final class OpenAiHttp implements AutoCloseable {

    private final OpenAiSettings settings;
    private final JsonEndpoint endpoint;
    private final URI uri;
    private final Map<String, String> plain;
    private final Map<String, String> streamed;

    OpenAiHttp(String backend, OpenAiSettings settings, OpenAiErrors errors) {
        this.settings = settings;
        this.endpoint = new JsonEndpoint(backend, settings.connectTimeout(), errors);
        this.uri = URI.create(settings.baseUrl() + "/chat/completions");
        this.plain = headers(settings, "application/json");
        this.streamed = headers(settings, "text/event-stream");
    }

    private static Map<String, String> headers(OpenAiSettings settings, String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        if (settings.apiKey() != null) {
            h.put("Authorization", "Bearer " + settings.apiKey().reveal());
        }
        if (settings.organization() != null) {
            h.put("OpenAI-Organization", settings.organization());
        }
        if (settings.project() != null) {
            h.put("OpenAI-Project", settings.project());
        }
        return Map.copyOf(h);
    }

    /**
     * Posts a body and waits for the response headers (at most {@code read_timeout}).
     *
     * @return the body of a 2xx response; the caller reads it to its end or closes it (which aborts the exchange)
     * @throws dev.consort.spi.backend.BackendException for an error status or a failed exchange
     */
    InputStream post(byte[] body, boolean stream) {
        return endpoint.post(uri, stream ? streamed : plain, body, settings.readTimeout());
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
