package dev.consort.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads UTF-8 lines from a byte stream as they arrive, with a cap on a line's length so that a
 * hostile or broken server cannot make the reader hold an unbounded body. Ends of line are
 * {@code \n}, {@code \r\n} or a lone {@code \r}. Serves NDJSON streams directly and
 * {@link SseEventReader} underneath.
 *
 * <p>Not thread-safe; closing the underlying stream from another thread makes a blocked read fail.
 *
 * @since 1.0
 */
public final class BoundedLineReader {

    /** The default longest line: 8 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLf;
    private boolean eof;
    private boolean partial;

    /**
     * Creates a reader with {@link #DEFAULT_MAX_LINE_BYTES}.
     *
     * @param in the bytes; not null
     */
    public BoundedLineReader(InputStream in) {
        this(in, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Creates a reader.
     *
     * @param in           the bytes; not null
     * @param maxLineBytes the longest line accepted, in bytes; positive
     */
    public BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = Objects.requireNonNull(in, "in is null");
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads the next line, without its end-of-line characters. A last line without an end of line is
     * returned too.
     *
     * @return the line, or null at the end of the stream
     * @throws IOException when reading fails or a line is longer than the cap
     */
    public String readLine() throws IOException {
        if (!partial) {
            lineLength = 0;
        }
        partial = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    eof = true;
                    return lineLength > 0 ? decode() : null;
                }
            }
            byte b = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n') {
                return decode();
            }
            if (b == '\r') {
                skipLf = true;
                return decode();
            }
            append(b);
        }
    }

    /**
     * Reads the next line only if all of it is already buffered: never blocks. A line begun but not
     * ended in the buffer is kept, and the next call of either method goes on with it.
     *
     * @return the line, without its end-of-line characters, or null when no whole line is buffered
     * @throws IOException when a line is longer than the cap
     * @since 1.1
     */
    public String readBufferedLine() throws IOException {
        if (!partial) {
            lineLength = 0;
        }
        partial = true;
        while (pos < limit) {
            byte b = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLf = b == '\r';
                partial = false;
                return decode();
            }
            append(b);
        }
        return null;
    }

    /**
     * Tells whether the last {@link #readLine()} ended because the stream ended, rather than at an end
     * of line. Useful to detect a body cut in the middle of a line.
     *
     * @return true once the end of the stream was reached
     */
    public boolean atEnd() {
        return eof;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void append(byte b) throws IOException {
        if (lineLength == maxLineBytes) {
            throw new IOException("line longer than " + maxLineBytes + " bytes");
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private String decode() {
        return new String(line, 0, lineLength, StandardCharsets.UTF_8);
    }
}
