package dev.consort.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP/1.1 connection: a socket with its own read buffer, so that the head of a response and its
 * body are read from the same bytes. Used by one exchange at a time; {@link #close()} may come from any
 * thread and unblocks a blocked read.
 *
 * <p>Reads are untimed on the socket: {@link ReadDeadlines} ends a read that outlasts its time-out by
 * closing the socket under it, and the read then throws a {@link SocketTimeoutException}.
 */
final class Connection implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;
    private static final int ONE_WRITE_BODY = 64 * 1024;
    /** The deadline of a connection that is not reading. */
    private static final long NOT_READING = Long.MIN_VALUE;

    private final Socket socket;
    private final Socket transport;
    private final Route route;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong readDeadline = new AtomicLong(NOT_READING);
    private volatile boolean expired;
    private long readTimeoutNanos = Long.MAX_VALUE / 4;
    private int pos;
    private int limit;
    private long idleSinceNanos;
    private long received;

    /**
     * @param socket    the connected socket, TLS or plain
     * @param transport the plain socket under it (the same one when plain): closed to end a read in time
     * @param route     where it goes
     */
    Connection(Socket socket, Socket transport, Route route) throws IOException {
        this.socket = socket;
        this.transport = transport;
        this.route = route;
        socket.setSoTimeout(0);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        ReadDeadlines.SHARED.watch(this);
    }

    Route route() {
        return route;
    }

    /** Starts counting {@link #received()} for a new exchange. */
    void exchangeStarted() {
        received = 0;
    }

    /** Bytes read from the socket since the current exchange started. */
    long received() {
        return received;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void idleFrom(long nanos) {
        idleSinceNanos = nanos;
    }

    /** The longest a read may wait for bytes from now on. */
    void readTimeout(int millis) {
        readTimeoutNanos = millis * 1_000_000L;
    }

    /**
     * Sends a request. A small body goes out in the same write as the head: one segment instead of two,
     * so the server does not wait on the second, nor the client's ACKs on the first.
     */
    void write(byte[] head, byte[] body) throws IOException {
        if (body.length > 0 && body.length <= ONE_WRITE_BODY) {
            byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
        } else {
            out.write(head);
            if (body.length > 0) {
                out.write(body);
            }
        }
        out.flush();
    }

    /** Whether bytes of a next response are already here (a server talking out of turn): not reusable. */
    boolean hasBufferedBytes() {
        return pos < limit;
    }

    /**
     * Whether the server wrote to this connection while it sat idle (such as a 408 before closing it):
     * those bytes would be read as the next exchange's response, so the connection is not reusable.
     */
    boolean spokeWhileIdle() {
        try {
            return pos < limit || in.available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Reads one line of the response head, without its CRLF (or bare LF).
     *
     * @param max the longest line accepted
     * @return the line; empty for the blank line that ends the head
     * @throws EOFException when the connection ends first
     */
    String readLine(int max) throws IOException {
        StringBuilder spill = null;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (spill == null) {
                        return part;
                    }
                    spill.append(part);
                    int n = spill.length();
                    return n > 0 && spill.charAt(n - 1) == '\r' ? spill.substring(0, n - 1) : spill.toString();
                }
            }
            if (spill == null) {
                spill = new StringBuilder();
            }
            spill.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
            pos = limit;
            if (spill.length() > max) {
                throw new ProtocolException("a line of the response head is longer than " + max + " bytes");
            }
            if (fill() < 0) {
                throw new EOFException("the connection closed in the middle of the response head");
            }
        }
    }

    /** Reads up to {@code len} bytes: what is buffered, else one read of the socket. -1 at the end. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit) {
            if (len >= buf.length) {
                int n = socketRead(b, off, len);
                received += Math.max(n, 0);
                return n;
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Reads one byte, or -1 at the end. */
    int read() throws IOException {
        if (pos >= limit && fill() < 0) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private int fill() throws IOException {
        int n = socketRead(buf, 0, buf.length);
        received += Math.max(n, 0);
        pos = 0;
        limit = Math.max(n, 0);
        return n;
    }

    /** One read of the socket, within the read time-out. */
    private int socketRead(byte[] b, int off, int len) throws IOException {
        readDeadline.set(System.nanoTime() + readTimeoutNanos);
        ReadDeadlines.SHARED.readStarted();
        try {
            int n = in.read(b, off, len);
            if (n < 0 && expired) {
                throw timedOut(null);
            }
            return n;
        } catch (IOException e) {
            throw expired ? timedOut(e) : e;
        } finally {
            readDeadline.set(NOT_READING);
        }
    }

    private SocketTimeoutException timedOut(IOException cause) {
        var e = new SocketTimeoutException("Read timed out after " + readTimeoutNanos / 1_000_000 + " ms");
        e.initCause(cause);
        return e;
    }

    /**
     * Ends the pending read if its deadline has passed, by closing the plain socket under it (never the
     * TLS one, whose close could wait on the blocked read). Called by the watcher thread.
     *
     * @return whether a read is still pending
     */
    boolean expireIfDue(long nowNanos) {
        long deadline = readDeadline.get();
        if (deadline == NOT_READING) {
            return false;
        }
        if (nowNanos - deadline < 0) {
            return true;
        }
        if (readDeadline.compareAndSet(deadline, NOT_READING)) {
            expired = true;
            try {
                transport.close();
            } catch (IOException ignored) {
                // the read ends either way
            }
        }
        return false;
    }

    boolean isClosed() {
        return closed.get() || expired || socket.isClosed();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ReadDeadlines.SHARED.forget(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing is left to release: the socket is gone either way
            }
        }
    }
}
