package dev.consort.backend.planner;

import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One streamed call in progress: iterates the parser's chunks and settles the call's usage exactly once,
 * whichever way it ends: its {@link ChatChunk.Done}, a failure, or the caller closing it early (then
 * what was generated so far is counted, estimated). Closing from another thread aborts the exchange and
 * ends a blocked iteration quietly.
 */
final class AnthropicStreamCall implements Iterator<ChatChunk> {

    private final AnthropicStreamParser parser;
    private final InputStream body;
    private final UsageCounter counter;
    private final Consumer<Usage> onComplete;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean closed;
    private ChatChunk next;
    private boolean finished;

    /**
     * @param onComplete told the final usage of a complete stream (to teach the token estimator)
     */
    AnthropicStreamCall(AnthropicStreamParser parser, InputStream body, UsageCounter counter,
                        Consumer<Usage> onComplete) {
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

    /** Aborts the exchange; counts what was generated so far when the stream had not ended. */
    void close() {
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
