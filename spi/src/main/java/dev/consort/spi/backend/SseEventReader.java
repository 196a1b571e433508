package dev.consort.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a {@code text/event-stream} body incrementally, event by event, as the WHATWG specification
 * says: {@code field: value} lines, comments starting with {@code :}, several {@code data} lines
 * joined with a line feed, an event dispatched at a blank line, and an incomplete event at the end of
 * the stream discarded. One event's data is capped (default 8 MiB) so memory stays bounded.
 *
 * <p>Not thread-safe.
 *
 * @since 1.0
 */
public final class SseEventReader {

    private final BoundedLineReader lines;
    private final int maxEventBytes;
    private boolean sawAnyField;
    private String event;
    private String id;
    private StringBuilder data;

    /**
     * Creates a reader with the default caps.
     *
     * @param in the body; not null
     */
    public SseEventReader(InputStream in) {
        this(in, BoundedLineReader.DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Creates a reader.
     *
     * @param in            the body; not null
     * @param maxEventBytes the most data one event may carry, in bytes; positive
     */
    public SseEventReader(InputStream in, int maxEventBytes) {
        Objects.requireNonNull(in, "in is null");
        this.lines = new BoundedLineReader(in, maxEventBytes);
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Reads the next event.
     *
     * @return the event, or null at the end of the stream (an incomplete last event is dropped)
     * @throws IOException when reading fails or an event is larger than the cap
     */
    public SseEvent next() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            SseEvent e = feed(line);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /**
     * Reads the next event only if all of it is already buffered: never blocks. What it reads of an
     * event not yet whole is kept for the next call of either method.
     *
     * @return the event, or null when no whole event is buffered
     * @throws IOException when an event is larger than the cap
     * @since 1.1
     */
    public SseEvent poll() throws IOException {
        String line;
        while ((line = lines.readBufferedLine()) != null) {
            SseEvent e = feed(line);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** Takes one line of the stream; returns the event it completes, if it completes one. */
    private SseEvent feed(String line) throws IOException {
        if (line.isEmpty()) {
            SseEvent done = data == null ? null
                    : new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString(), id);
            event = null;
            id = done == null ? id : null;
            data = null;
            sawAnyField = false;
            return done;
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        sawAnyField = true;
        switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                if (data.length() + value.length() > maxEventBytes) {
                    throw new IOException("event data larger than " + maxEventBytes + " bytes");
                }
                data.append(value);
            }
            default -> {
                // "retry" and unknown fields are ignored, as the specification says
            }
        }
        return null;
    }

    /**
     * Tells whether the stream ended in the middle of an event (fields read but no blank line after
     * them): a sign of a cut connection.
     *
     * @return true when the last {@link #next()} returned null with a partial event pending
     */
    public boolean endedMidEvent() {
        return lines.atEnd() && sawAnyField;
    }
}
