package dev.consort.backend.local.ollama;

import dev.consort.http.ConnectTimeoutException;
import dev.consort.http.JsonEndpoint;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.HttpFailures;
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
 * Sends one JSON request to the Ollama server and hands back the response body as a stream, or the
 * typed failure an error status means. A server that is not listening is one line that says so and
 * suggests {@code ollama serve}. Thread-safe.
 */
final class OllamaHttp implements AutoCloseable, JsonEndpoint.Failures {

    private final String backend;
    private final OllamaSettings settings;
    private final Clock clock;
    private final JsonEndpoint endpoint;
    private final Map<String, String> headers;

    OllamaHttp(String backend, OllamaSettings settings, Clock clock) {
        this.backend = backend;
        this.settings = settings;
        this.clock = clock;
        this.endpoint = new JsonEndpoint(backend, settings.connectTimeout(), this);
        this.headers = settings.apiKey() == null ? Map.of()
                : Map.of("authorization", "Bearer " + settings.apiKey().reveal());
    }

    /**
     * Posts a body to a path of the server ({@code /api/chat}, {@code /api/show}) and waits for the
     * response headers (at most {@code timeout}).
     *
     * @return the body of a 2xx response; the caller reads it to its end or closes it (which aborts the exchange)
     * @throws BackendException for an error status or a failed exchange
     */
    InputStream post(String path, byte[] body, Duration timeout) {
        return endpoint.post(URI.create(settings.baseUrl() + path), headers, body, timeout);
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
        return OllamaErrors.forStatus(backend, settings, status, body, HttpFailures.retryAfter(headers, clock).orElse(null));
    }

    @Override
    public TransportException transport(IOException e) {
        if (refused(e)) {
            return new TransportException(backend, "backend '" + backend + "': the Ollama server at "
                    + settings.baseUrl() + " is not reachable (connection refused); start it with `ollama serve`",
                    false, e);
        }
        boolean timeout = e instanceof InterruptedIOException;
        String what = e instanceof ConnectTimeoutException
                ? "could not connect to the Ollama server at " + settings.baseUrl() + " in time"
                : timeout ? "Ollama call timed out (" + e.getMessage() + ")"
                : "Ollama call failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return new TransportException(backend, "backend '" + backend + "': " + HttpFailures.oneLine(what), timeout, e);
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && !(t instanceof ConnectTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
