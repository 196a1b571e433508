package dev.consort.backend.fast;

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

/**
 * Posts one JSON body to {@code {base_url}/chat/completions} and hands back the response body as a
 * stream that fails after {@code read_timeout} of silence, or throws the typed failure an error status
 * means. Thread-safe.
 */
final class OpenAiHttp implements AutoCloseable {

    /** The most a non-streamed body may weigh: bigger answers are refused rather than held. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String backend;
    private final OpenAiSettings settings;
    private final OpenAiErrors errors;
    private final URI endpoint;
    private final HttpClient client;

    OpenAiHttp(String backend, OpenAiSettings settings, OpenAiErrors errors) {
        this.backend = backend;
        this.settings = settings;
        this.errors = errors;
        this.endpoint = URI.create(settings.baseUrl() + "/chat/completions");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts a body and waits for the response headers (at most {@code read_timeout}).
     *
     * @return the body of a 2xx response; the caller closes it (which aborts the exchange)
     * @throws BackendException for an error status or a failed exchange
     */
    ReadTimeoutInputStream post(byte[] body, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.apiKey() != null) {
            b.header("Authorization", "Bearer " + settings.apiKey().reveal());
        }
        if (settings.organization() != null) {
            b.header("OpenAI-Organization", settings.organization());
        }
        if (settings.project() != null) {
            b.header("OpenAI-Project", settings.project());
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
        ReadTimeoutInputStream in = new ReadTimeoutInputStream(response.body(), settings.readTimeout());
        if (response.statusCode() >= 300) {
            String text;
            try (in) {
                text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
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
