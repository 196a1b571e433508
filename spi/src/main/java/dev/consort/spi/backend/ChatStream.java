package dev.consort.spi.backend;

import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A streamed answer: iterate it once for its chunks, and close it.
 *
 * <p>Iteration blocks until the next chunk arrives and may throw a {@link BackendException}. The
 * last chunk of a complete stream is a {@link ChatChunk.Done}. Closing the stream at any time cancels
 * the underlying HTTP request or generation and releases its resources; closing twice is harmless.
 * A stream is used by one thread at a time, except {@link #close()}, which any thread may call.
 *
 * @since 1.0
 */
public interface ChatStream extends Iterable<ChatChunk>, AutoCloseable {

    /** Cancels the stream and releases its resources. Never throws. */
    @Override
    void close();

    /**
     * Tells whether the next chunk, or the end, can be had now without waiting for the backend: when
     * true, the iterator's next {@code hasNext()} and {@code next()} do not block. A hint for a caller
     * that relays the chunks, so that it can send the ones that came together in one write and flush
     * only when it would otherwise wait. False when unknown, which is always safe.
     *
     * @return true only when the next chunk is already here
     * @since 1.1
     */
    default boolean ready() {
        return false;
    }

    /**
     * A stream over an iterator, with an action to run on close.
     *
     * @param chunks  the chunks; not null
     * @param onClose what closing does (cancel, release); not null
     * @return the stream
     */
    static ChatStream of(Iterator<ChatChunk> chunks, Runnable onClose) {
        return of(chunks, onClose, () -> false);
    }

    /**
     * A stream over an iterator, with an action to run on close and a {@link #ready()} hint.
     *
     * @param chunks  the chunks; not null
     * @param onClose what closing does (cancel, release); not null
     * @param ready   answers {@link #ready()}; not null
     * @return the stream
     * @since 1.1
     */
    static ChatStream of(Iterator<ChatChunk> chunks, Runnable onClose, java.util.function.BooleanSupplier ready) {
        Objects.requireNonNull(chunks, "chunks is null");
        Objects.requireNonNull(onClose, "onClose is null");
        Objects.requireNonNull(ready, "ready is null");
        return new ChatStream() {
            private boolean closed;

            @Override
            public Iterator<ChatChunk> iterator() {
                return chunks;
            }

            @Override
            public boolean ready() {
                return ready.getAsBoolean();
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    onClose.run();
                }
            }
        };
    }

    /**
     * Reads the whole stream into one response, then closes it.
     *
     * @return the assembled response
     * @throws BackendException       when the stream fails
     * @throws TransportException     when the stream ends without a {@link ChatChunk.Done}
     */
    default ChatResponse collect() {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        try (this) {
            for (ChatChunk chunk : this) {
                switch (chunk) {
                    case ChatChunk.Text t -> text.append(t.delta());
                    case ChatChunk.Reasoning r -> reasoning.append(r.delta());
                    case ChatChunk.ToolCallReady c -> calls.add(c.call());
                    case ChatChunk.Restarted r -> {
                        text.setLength(0);
                        reasoning.setLength(0);
                        calls.clear();
                    }
                    case ChatChunk.Done d -> {
                        return new ChatResponse(text.toString(), reasoning.toString(), d.finishReason(), calls,
                                d.usage(), d.model());
                    }
                    case ChatChunk.UsageUpdate u -> {
                        // cumulative figures; the Done chunk carries the final ones
                    }
                    case ChatChunk.Failed f -> {
                        return new ChatResponse(text.toString(), reasoning.toString(), FinishReason.ERROR, calls,
                                Usage.ZERO, "");
                    }
                }
            }
        }
        throw new TransportException("stream", "the stream ended without its final chunk", false, null);
    }
}
