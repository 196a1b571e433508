package dev.consort.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A response body read from its connection. When the last byte has been read, the connection goes back
 * to the pool (if the exchange allows it) and later reads return -1; closing the body before then closes
 * the connection, which aborts the exchange. {@link #close()} may be called from any thread, once or more.
 */
abstract sealed class ResponseBody extends InputStream permits FixedLengthBody, ChunkedBody, UntilCloseBody {

    private static final int OPEN = 0;
    private static final int DONE = 1;
    private static final int CLOSED = 2;

    final Connection connection;
    private final ConnectionPool pool;
    private final boolean reusable;
    private final AtomicInteger state = new AtomicInteger(OPEN);

    ResponseBody(Connection connection, ConnectionPool pool, boolean reusable) {
        this.connection = connection;
        this.pool = pool;
        this.reusable = reusable;
    }

    /** Reads body bytes from the connection; called only while open. -1 at the body's end. */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (state.get() == DONE) {
            return -1;
        }
        if (state.get() == CLOSED) {
            throw new IOException("the response body is closed");
        }
        if (len == 0) {
            return 0;
        }
        int n = readBody(b, off, len);
        if (n < 0) {
            ended();
        }
        return n;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Called by a subclass when the body's last byte has been read. */
    final void ended() {
        if (state.compareAndSet(OPEN, DONE)) {
            if (reusable) {
                pool.release(connection, System.nanoTime());
            } else {
                connection.close();
            }
        }
    }

    /** Whether the whole body was read. */
    final boolean complete() {
        return state.get() == DONE;
    }

    @Override
    public final void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            connection.close();
        }
    }
}
