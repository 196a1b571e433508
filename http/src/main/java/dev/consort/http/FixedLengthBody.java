package dev.consort.http;

import java.io.EOFException;
import java.io.IOException;

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
