package dev.consort.http;

import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a bundled HTTP backend talks to its provider: posts a JSON body and hands back the body of a 2xx
 * response as it arrives, or throws the typed failure that the status or the failed exchange means, in the
 * backend's own words ({@link Failures}). Bodies read in one piece are capped. Thread-safe: one per backend.
 *
 * @since 0.1
 */
public final class JsonEndpoint implements AutoCloseable {

    /** The most a body read in one piece may weigh: bigger answers are refused rather than held. */
    public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    /** What a backend says about failures: its provider's error shapes and its own wording. */
    public interface Failures {

        /**
         * The failure an error status means.
         *
         * @param status  the status, 300 or more
         * @param body    the body's first 64 KiB, as text; empty when unreadable
         * @param headers the response's headers (keys compare without regard to case)
         * @return the failure to throw; not null
         */
        BackendException forStatus(int status, String body, Map<String, List<String>> headers);

        /**
         * The failure an exchange that failed means. A {@link ConnectTimeoutException} is a connect
         * time-out, any other {@link java.io.InterruptedIOException} a read time-out, a
         * {@link java.net.ConnectException} a refused connection.
         *
         * @param e the failure
         * @return the failure to throw; not null
         */
        TransportException transport(IOException e);
    }

    private final String backend;
    private final Failures failures;
    private final Http11Client client;

    /**
     * Makes the endpoint of a backend.
     *
     * @param backend        the backend's configured name, for messages; not null
     * @param connectTimeout how long making a connection may take; positive
     * @param failures       the backend's wording of failures; not null
     */
    public JsonEndpoint(String backend, Duration connectTimeout, Failures failures) {
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.failures = Objects.requireNonNull(failures, "failures is null");
        this.client = Http11Client.builder().connectTimeout(connectTimeout).build();
    }

    /**
     * Posts a JSON body and waits for the response's head (at most {@code readTimeout}).
     *
     * @param uri         the URL; not null
     * @param headers     the headers besides {@code Content-Type: application/json}; not null
     * @param body        the JSON; not null
     * @param readTimeout the longest silence allowed, before the head and during the body; positive
     * @return the body of a 2xx response, which fails with an {@link java.io.InterruptedIOException} after
     *         {@code readTimeout} of silence; the caller reads it to its end or closes it (which aborts the call)
     * @throws BackendException for an error status or a failed exchange
     */
    public InputStream post(URI uri, Map<String, String> headers, byte[] body, Duration readTimeout) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers.size() + 1);
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        Response response;
        try {
            response = client.send(Request.post(uri, all, body, readTimeout));
        } catch (IOException e) {
            throw failed(e, uri);
        }
        if (response.status() >= 300) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                // the status alone still says what failed; the body would only have added detail
                text = "";
            }
            throw failures.forStatus(response.status(), text, response.headers());
        }
        return response.body();
    }

    /**
     * Reads a whole body, refusing one over {@link #MAX_BODY_BYTES}.
     *
     * @param in the body; closed here
     * @return its bytes
     * @throws BackendException when it is too large or the read fails
     */
    public byte[] readCapped(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new TransportException(backend, "backend '" + backend + "': the answer is larger than "
                        + (MAX_BODY_BYTES >> 20) + " MiB; refused", false, null);
            }
            return bytes;
        } catch (IOException e) {
            throw failed(e, null);
        }
    }

    private BackendException failed(IOException e, URI uri) {
        if (Thread.currentThread().isInterrupted()) {
            return new TransportException(backend, "backend '" + backend + "': interrupted while calling "
                    + (uri == null ? "the provider" : uri.getScheme() + "://" + uri.getAuthority()), false, e);
        }
        return failures.transport(e);
    }

    /** Closes the idle connections. */
    @Override
    public void close() {
        client.close();
    }
}
