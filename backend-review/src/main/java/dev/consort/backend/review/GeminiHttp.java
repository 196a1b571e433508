package dev.consort.backend.review;

import dev.consort.http.JsonEndpoint;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends one JSON request to the Gemini API and hands back the response body as a stream, or the typed
 * failure an error status means. Thread-safe.
 */
final class GeminiHttp implements AutoCloseable, JsonEndpoint.Failures {

    private final String backend;
    private final GeminiSettings settings;
    private final Clock clock;
    private final JsonEndpoint endpoint;
    private final Map<String, String> plain;
    private final Map<String, String> streamed;

    GeminiHttp(String backend, GeminiSettings settings, Clock clock) {
        this.backend = backend;
        this.settings = settings;
        this.clock = clock;
        this.endpoint = new JsonEndpoint(backend, settings.connectTimeout(), this);
        this.plain = headers(settings, "application/json");
        this.streamed = headers(settings, "text/event-stream");
    }

    private static Map<String, String> headers(GeminiSettings settings, String accept) {
        return settings.apiKey() == null ? Map.of("accept", accept)
                : Map.of("accept", accept, "x-goog-api-key", settings.apiKey().reveal());
    }

    /**
     * Posts a body to a method of the model ({@code generateContent}, {@code streamGenerateContent?alt=sse},
     * {@code countTokens}) and waits for the response headers (at most {@code timeout}).
     *
     * @return the body of a 2xx response; the caller reads it to its end or closes it (which aborts the exchange)
     * @throws BackendException for an error status or a failed exchange
     */
    InputStream post(String method, byte[] body, Duration timeout) {
        URI uri = URI.create(settings.baseUrl() + "/v1beta/models/" + settings.model() + ":" + method);
        return endpoint.post(uri, method.contains("alt=sse") ? streamed : plain, body, timeout);
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
    public BackendException forStatus(int status, String body, Map<String, List<String>> headers) {
        return GeminiErrors.forStatus(backend, status, body, headers, clock);
    }

    @Override
    public TransportException transport(IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        String what;
        if (timeout) {
            what = "timed out (" + e.getMessage() + ")";
        } else if (e instanceof ConnectException) {
            what = "cannot connect to " + settings.baseUrl();
        } else {
            what = "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new TransportException(backend, "backend '" + backend + "': Gemini call " + oneLine(what), timeout, e);
    }

    private static String oneLine(String s) {
        return dev.consort.spi.backend.HttpFailures.oneLine(s);
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
