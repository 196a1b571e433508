package dev.consort.spi.backend;

import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One streamed HTTP call in progress, for any provider: iterates the parser's chunks and settles the
 * call's usage exactly once,
 * whichever way it ends: its {@link ChatChunk.Done}, a failure, or the caller closing it early (then
 * what was generated so far is counted, estimated). Closing from another thread aborts the exchange and
 * ends a blocked iteration quietly.
 *
 * @since 1.0
 */
public final class SettledStream implements Iterator<ChatChunk> {

    /**
     * Where the chunks come from: a provider's incremental parser.
     *
     * @since 1.0
     */
    public interface Source {
        /**
         * The next chunk.
         *
         * @return the chunk, or null at the end of the body
         * @throws BackendException when the stream fails
         */
        ChatChunk next();

        /**
         * Whether {@link #next()} would return without waiting for the body: a chunk, or the end, is
         * already here. It may read and parse what is buffered, never more. False when unknown.
         *
         * @return true only when the next chunk is already here
         * @since 1.1
         */
        default boolean ready() {
            return false;
        }

        /**
         * What the stream has spent so far: the provider's figures if any arrived, else an estimate.
         * May be called from another thread.
         *
         * @return the usage; never null
         */
        Usage usageSoFar();
    }

    private final Source parser;
    private final InputStream body;
    private final UsageCounter counter;
    private final Consumer<Usage> onComplete;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean closed;
    private ChatChunk next;
    private boolean finished;

    /**
     * Wraps a stream in progress.
     *
     * @param parser     the provider's parser over {@code body}
     * @param body       the response body, closed when the stream ends or is closed
     * @param counter    the backend's usage counter, settled exactly once
     * @param onComplete told the final usage of a complete stream (to teach the token estimator)
     */
    public SettledStream(Source parser, InputStream body, UsageCounter counter, Consumer<Usage> onComplete) {
        this.parser = parser;
        this.body = body;
        this.counter = counter;
        this.onComplete = onComplete;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished || closed) {
            return false;
        }
        try {
            next = parser.next();
        } catch (BackendException e) {
            finished = true;
            closeBody();
            if (closed) {
                // the caller's own close() failed the blocked read: that is the end it asked for
                return false;
            }
            if (settled.compareAndSet(false, true)) {
                counter.failure(parser.usageSoFar());
            }
            throw e;
        }
        if (next == null) {
            finished = true;
            closeBody();
            return false;
        }
        if (next instanceof ChatChunk.Done done) {
            closeBody();
            if (settled.compareAndSet(false, true)) {
                counter.success(done.usage());
                onComplete.accept(done.usage());
            }
        }
        return true;
    }

    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        ChatChunk c = next;
        next = null;
        return c;
    }

    /**
     * Whether the next {@link #hasNext()} returns without waiting for the body.
     *
     * @return true only when the next chunk, or the end, is already here
     * @since 1.1
     */
    public boolean ready() {
        return next != null || finished || closed || parser.ready();
    }

    /** Aborts the exchange; counts what was generated so far when the stream had not ended. */
    public void close() {
        closed = true;
        closeBody();
        if (settled.compareAndSet(false, true)) {
            counter.success(parser.usageSoFar());
        }
    }

    private void closeBody() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing to abort: nothing more to do
        }
    }
}
