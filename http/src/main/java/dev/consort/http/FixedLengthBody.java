package dev.consort.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A body of a known {@code Content-Length}. */
final class FixedLengthBody extends ResponseBody {

    private final long length;
    private long remaining;

    FixedLengthBody(Connection connection, ConnectionPool pool, boolean reusable, long length) {
        super(connection, pool, reusable);
        this.length = length;
        this.remaining = length;
        if (length == 0) {
            ended();
        }
    }

    /**
     * Reads up to {@code len} bytes into an array of just the size needed, the rest of the body when that
     * is less: where {@link InputStream#readNBytes(int)} would fill a 16 KiB buffer and copy it.
     */
    @Override
    public byte[] readNBytes(int len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("len < 0");
        }
        byte[] bytes = new byte[(int) Math.min(len, remaining)];
        int n = readNBytes(bytes, 0, bytes.length);
        return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = connection.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the connection closed after " + (length - remaining) + " of the body's "
                    + length + " bytes");
        }
        remaining -= n;
        if (remaining == 0) {
            ended();
        }
        return n;
    }
}
