package dev.consort.spi.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the {@link ReplayServer} answers to one request: a status, headers, a body, and how to deliver
 * it (whole, in pieces, slowly, or broken). Not thread-safe; enqueue it and leave it alone.
 *
 * @since 1.0
 */
public final class Reply {

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    Supplier<InputStream> body = () -> new ByteArrayInputStream(new byte[0]);
    long knownLength = 0;
    int pieceSize;
    Long seed;
    Duration firstByteDelay = Duration.ZERO;
    Duration pieceDelay = Duration.ZERO;
    long resetAfter = -1;
    long truncateAfter = -1;
    long stallAfter = -1;

    private Reply(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        this.status = status;
    }

    /**
     * A reply with a status.
     *
     * @param status the HTTP status
     * @return the reply
     */
    public static Reply status(int status) {
        return new Reply(status);
    }

    /**
     * A 200 reply.
     *
     * @return the reply
     */
    public static Reply ok() {
        return new Reply(200);
    }

    /**
     * A recorded response: the body is a class-path resource served byte for byte, the status comes
     * from a sibling {@code .status} file (200 without one), and the content type from the extension
     * ({@code .sse} event stream, {@code .ndjson}, else JSON).
     *
     * @param anchor   a class whose loader finds the resource
     * @param resource the resource's name, e.g. {@code /wire/openai-chat-stream-text.sse}
     * @return the reply
     */
    public static Reply recorded(Class<?> anchor, String resource) {
        byte[] bytes = read(anchor, resource);
        if (bytes == null) {
            throw new IllegalArgumentException("no resource " + resource + " beside " + anchor.getName());
        }
        byte[] status = read(anchor, resource + ".status");
        Reply r = new Reply(status == null ? 200 : Integer.parseInt(new String(status, StandardCharsets.US_ASCII).trim()));
        r.body(bytes);
        return r.contentType(resource.endsWith(".sse") ? "text/event-stream"
                : resource.endsWith(".ndjson") ? "application/x-ndjson" : "application/json");
    }

    private static byte[] read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a header.
     *
     * @param name  the name
     * @param value the value
     * @return this reply
     */
    public Reply header(String name, String value) {
        headers.put(Objects.requireNonNull(name, "name is null"), Objects.requireNonNull(value, "value is null"));
        return this;
    }

    /**
     * Sets the content type.
     *
     * @param contentType the type
     * @return this reply
     */
    public Reply contentType(String contentType) {
        return header("Content-Type", contentType);
    }

    /**
     * Sets the body to UTF-8 text.
     *
     * @param text the text
     * @return this reply
     */
    public Reply body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the body.
     *
     * @param bytes the bytes
     * @return this reply
     */
    public Reply body(byte[] bytes) {
        byte[] copy = bytes.clone();
        this.body = () -> new ByteArrayInputStream(copy);
        this.knownLength = copy.length;
        return this;
    }

    /**
     * Sets a body produced on the fly (sent chunked), for bodies too large to hold.
     *
     * @param stream makes the body's stream for each delivery
     * @return this reply
     */
    public Reply bodyStream(Supplier<InputStream> stream) {
        this.body = Objects.requireNonNull(stream, "stream is null");
        this.knownLength = -1;
        return this;
    }

    /**
     * Sends the body in pieces of this many bytes, each flushed on its own.
     *
     * @param bytes the piece size, at least 1
     * @return this reply
     */
    public Reply splitEvery(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("piece size must be at least 1");
        }
        this.pieceSize = bytes;
        return this;
    }

    /**
     * Sends the body in pieces of random sizes (1 to 64 bytes) drawn from a seed, each flushed.
     *
     * @param seed the seed
     * @return this reply
     */
    public Reply splitRandomly(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Waits before sending the status line.
     *
     * @param delay the wait
     * @return this reply
     */
    public Reply delayFirstByte(Duration delay) {
        this.firstByteDelay = Objects.requireNonNull(delay, "delay is null");
        return this;
    }

    /**
     * Waits between pieces of the body.
     *
     * @param delay the wait
     * @return this reply
     */
    public Reply delayBetweenPieces(Duration delay) {
        this.pieceDelay = Objects.requireNonNull(delay, "delay is null");
        return this;
    }

    /**
     * Sends this many body bytes, gives the client 200 ms to read them, then resets the connection (TCP RST).
     *
     * @param bodyBytes the bytes to send first
     * @return this reply
     */
    public Reply resetAfter(int bodyBytes) {
        this.resetAfter = bodyBytes;
        return this;
    }

    /**
     * Sends this many body bytes, then closes the connection cleanly: the body ends early.
     *
     * @param bodyBytes the bytes to send first
     * @return this reply
     */
    public Reply truncateAfter(int bodyBytes) {
        this.truncateAfter = bodyBytes;
        return this;
    }

    /**
     * Sends this many body bytes, then goes silent with the connection open (until the client closes
     * it or the server stops).
     *
     * @param bodyBytes the bytes to send first
     * @return this reply
     */
    public Reply stallAfter(int bodyBytes) {
        this.stallAfter = bodyBytes;
        return this;
    }

    /** Whether the body goes out chunked: streamed, split or faulted bodies do, so a cut is visible. */
    boolean chunked() {
        return knownLength < 0 || pieceSize > 0 || seed != null || resetAfter >= 0 || truncateAfter >= 0
                || stallAfter >= 0 || !pieceDelay.isZero();
    }

    long sendLimit() {
        long limit = Long.MAX_VALUE;
        for (long l : new long[] {resetAfter, truncateAfter, stallAfter}) {
            if (l >= 0) {
                limit = Math.min(limit, l);
            }
        }
        return limit;
    }
}
