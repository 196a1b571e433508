package dev.consort.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Small helpers shared by the client's tests. */
final class Wire {

    /** Long enough never to fire in a passing test, short enough that a hung test fails in time. */
    static final Duration PATIENT = Duration.ofSeconds(5);
    /** For tests that wait for a read time-out. */
    static final Duration SHORT = Duration.ofMillis(200);

    private Wire() {
    }

    /** A client without proxies (the machine's proxy settings must not route the tests anywhere). */
    static Http11Client client() {
        return Http11Client.builder().proxies(null).build();
    }

    static Request get(URI uri) {
        return new Request("GET", uri, Map.of(), new byte[0], PATIENT);
    }

    static Request get(URI uri, Duration readTimeout) {
        return new Request("GET", uri, Map.of(), new byte[0], readTimeout);
    }

    static Request post(URI uri, String body) {
        return Request.post(uri, Map.of(), body.getBytes(StandardCharsets.UTF_8), PATIENT);
    }

    /** Reads a body to its end, as UTF-8. */
    static String text(Response r) throws IOException {
        return text(r.body());
    }

    static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Sends a GET and reads its body to the end. */
    static String fetch(Http11Client client, URI uri) throws IOException {
        try (Response r = client.send(get(uri))) {
            return text(r);
        }
    }

    /**
     * Starts a virtual thread that reads one byte of the response's body, completing {@code failure} with what
     * the read threw (or null when it returned).
     */
    static Thread readInBackground(Response r, java.util.concurrent.CompletableFuture<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                r.body().read();
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
    }
}
