package dev.consort.spi.backend;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a read time-out on a streamed response body: when no byte arrives for the given time, the
 * underlying stream is closed (which aborts the HTTP exchange) and the blocked read fails with an
 * {@link InterruptedIOException}. The JDK's {@code HttpClient} only times out until the response
 * headers; this covers the silence in the middle of a stream.
 *
 * <p>One reader thread at a time; {@link #close()} may be called from any thread.
 *
 * @since 1.0
 */
public final class ReadTimeoutInputStream extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consort-read-timeout");
        t.setDaemon(true);
        return t;
    });

    private final long timeoutNanos;
    private volatile boolean timedOut;
    private volatile boolean closed;

    /**
     * Wraps a stream.
     *
     * @param in      the body; not null
     * @param timeout the longest silence allowed; positive
     */
    public ReadTimeoutInputStream(InputStream in, Duration timeout) {
        super(Objects.requireNonNull(in, "in is null"));
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Tells whether the stream was closed for silence.
     *
     * @return true after a time-out
     */
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public int read() throws IOException {
        ScheduledFuture<?> alarm = arm();
        int n;
        try {
            n = super.read();
        } catch (IOException e) {
            throw translate(e);
        } finally {
            alarm.cancel(false);
        }
        return endedByTimeout(n);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> alarm = arm();
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw translate(e);
        } finally {
            alarm.cancel(false);
        }
        return endedByTimeout(n);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        super.close();
    }

    private ScheduledFuture<?> arm() throws IOException {
        if (timedOut) {
            throw new InterruptedIOException("read timed out");
        }
        return WATCHDOG.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        if (closed) {
            return;
        }
        timedOut = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the failure of its blocked read
        }
    }

    // Some streams answer the watchdog's close with an end of stream: a cut body must not look complete.
    private int endedByTimeout(int n) throws InterruptedIOException {
        if (n < 0 && timedOut) {
            throw timeout();
        }
        return n;
    }

    private IOException translate(IOException e) {
        if (timedOut) {
            InterruptedIOException t = timeout();
            t.initCause(e);
            return t;
        }
        return e;
    }

    private InterruptedIOException timeout() {
        return new InterruptedIOException("no data for " + Duration.ofNanos(timeoutNanos).toMillis()
                + " ms: read timed out");
    }
}
