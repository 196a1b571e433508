package dev.consort.backend.local.ollama;

import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.ReadTimeoutInputStream;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one JSON request to the Ollama server and hands back the response body as a stream, or the
 * typed failure an error status means. A server that is not listening is one line that says so and
 * suggests {@code ollama serve}. Thread-safe.
 */
final class OllamaHttp implements AutoCloseable {

    /** The most a non-streamed body may weigh: bigger answers are refused rather than held. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String backend;
    private final OllamaSettings settings;
    private final Clock clock;
    private final HttpClient client;

    OllamaHttp(String backend, OllamaSettings settings, Clock clock) {
        this.backend = backend;
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts a JSON body and waits for the response headers.
     *
     * @param path    the API path ({@code /api/chat})
     * @param body    the JSON body
     * @param timeout the longest wait for the headers
     * @return the body of a 2xx response, failing after {@code timeout} of silence; the caller closes it
     * @throws BackendException for an error status or a failed exchange
     */
    ReadTimeoutInputStream post(String path, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.apiKey() != null) {
            b.header("authorization", "Bearer " + settings.apiKey().reveal());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transport(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(backend, "backend '" + backend + "': interrupted while calling Ollama",
                    false, e);
        }
        if (response.statusCode() >= 300) {
            String text;
            try (InputStream in = new ReadTimeoutInputStream(response.body(), timeout)) {
                text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            throw OllamaErrors.forStatus(backend, settings, response.statusCode(), text,
                    HttpFailures.retryAfter(response.headers().map(), clock).orElse(null));
        }
        return new ReadTimeoutInputStream(response.body(), timeout);
    }

    /**
     * Reads a whole non-streamed body, refusing one over {@link #MAX_BODY_BYTES}.
     *
     * @param in the body; closed here
     * @return its bytes
     */
    byte[] readCapped(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new TransportException(backend, "backend '" + backend + "': Ollama's answer is larger than "
                        + (MAX_BODY_BYTES >> 20) + " MiB; refused", false, null);
            }
            return bytes;
        } catch (IOException e) {
            throw transport(e);
        }
    }

    /** The SPI failure an I/O failure means. */
    TransportException transport(IOException e) {
        if (refused(e)) {
            return new TransportException(backend, "backend '" + backend + "': the Ollama server at "
                    + settings.baseUrl() + " is not reachable (connection refused); start it with `ollama serve`",
                    false, e);
        }
        boolean timeout = e instanceof HttpTimeoutException || e instanceof InterruptedIOException;
        String what = e instanceof HttpConnectTimeoutException
                ? "could not connect to the Ollama server at " + settings.baseUrl() + " in time"
                : timeout ? "Ollama call timed out (" + e.getMessage() + ")"
                : "Ollama call failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return new TransportException(backend, "backend '" + backend + "': " + HttpFailures.oneLine(what), timeout, e);
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && !(t instanceof HttpConnectTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
