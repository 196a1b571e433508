package dev.consort.backend.planner;

import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ReadTimeoutInputStream;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts one JSON body to the Messages API and hands back the response body as a stream that fails after
 * a silence longer than the read time-out, or throws the typed failure an error status means.
 * Thread-safe.
 */
final class AnthropicHttp implements AutoCloseable {

    static final String MESSAGES = "/v1/messages";
    static final String COUNT_TOKENS = "/v1/messages/count_tokens";
    /** The most a non-streamed body may weigh: bigger answers are refused rather than held. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String backend;
    private final AnthropicSettings settings;
    private final AnthropicErrors errors;
    private final HttpClient client;

    AnthropicHttp(String backend, AnthropicSettings settings, AnthropicErrors errors) {
        this.backend = backend;
        this.settings = settings;
        this.errors = errors;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts a body and waits for the response headers (at most {@code timeout}).
     *
     * @param path    {@link #MESSAGES} or {@link #COUNT_TOKENS}
     * @param timeout the longest wait for the headers, and the longest silence in the body
     * @return the body of a 2xx response; the caller closes it (which aborts the exchange)
     * @throws BackendException for an error status or a failed exchange
     */
    ReadTimeoutInputStream post(String path, byte[] body, boolean stream, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("accept", stream ? "text/event-stream" : "application/json")
                .header("anthropic-version", settings.anthropicVersion())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!settings.betas().isEmpty()) {
            b.header("anthropic-beta", String.join(",", settings.betas()));
        }
        if (settings.apiKey() != null) {
            b.header("x-api-key", settings.apiKey().reveal());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw errors.transport(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(backend, "backend '" + backend + "': interrupted while calling "
                    + settings.baseUrl(), false, e);
        }
        ReadTimeoutInputStream in = new ReadTimeoutInputStream(response.body(), timeout);
        if (response.statusCode() >= 300) {
            String text;
            try (in) {
                text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                // the status alone still says what failed; the body would only have added detail
                text = "";
            }
            throw errors.forResponse(response.statusCode(), text, response.headers().map());
        }
        return in;
    }

    /**
     * Reads a whole non-streamed body, refusing one over {@link #MAX_BODY_BYTES}.
     *
     * @param in the body; closed here
     */
    byte[] readCapped(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new TransportException(backend, "backend '" + backend + "': the answer is larger than "
                        + (MAX_BODY_BYTES >> 20) + " MiB; refused", false, null);
            }
            return bytes;
        } catch (IOException e) {
            throw errors.transport(e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
