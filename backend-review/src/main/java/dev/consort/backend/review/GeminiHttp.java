package dev.consort.backend.review;

import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ReadTimeoutInputStream;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one JSON request to the Gemini API and hands back the response body as a stream, or the typed
 * failure an error status means. Thread-safe.
 */
final class GeminiHttp implements AutoCloseable {

    /** The most a non-streamed body may weigh: bigger answers are refused rather than held. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String backend;
    private final GeminiSettings settings;
    private final Clock clock;
    private final HttpClient client;

    GeminiHttp(String backend, GeminiSettings settings, Clock clock) {
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
     * Posts a body and waits for the response headers.
     *
     * @param method  the model method with its query ({@code generateContent}, {@code streamGenerateContent?alt=sse})
     * @param body    the JSON body
     * @param timeout the longest wait for the headers
     * @return the body of a 2xx response, failing after {@code timeout} of silence; the caller closes it
     * @throws BackendException for an error status or a failed exchange
     */
    ReadTimeoutInputStream post(String method, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/v1beta/models/"
                        + settings.model() + ":" + method))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("accept", method.contains("alt=sse") ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.apiKey() != null) {
            b.header("x-goog-api-key", settings.apiKey().reveal());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transport(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(backend, "backend '" + backend + "': interrupted while calling Gemini",
                    false, e);
        }
        if (response.statusCode() >= 300) {
            String text;
            try (InputStream in = new ReadTimeoutInputStream(response.body(), timeout)) {
                text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            throw GeminiErrors.forStatus(backend, response.statusCode(), text, response.headers().map(), clock);
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
                throw new TransportException(backend, "backend '" + backend + "': Gemini's answer is larger than "
                        + (MAX_BODY_BYTES >> 20) + " MiB; refused", false, null);
            }
            return bytes;
        } catch (IOException e) {
            throw transport(e);
        }
    }

    /** The SPI failure an I/O failure means. */
    TransportException transport(IOException e) {
        boolean timeout = e instanceof HttpTimeoutException || e instanceof InterruptedIOException;
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
        client.shutdownNow();
    }
}
