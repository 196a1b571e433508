package dev.consort.backend.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.SseEvent;
import dev.consort.spi.backend.SseEventReader;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a {@code streamGenerateContent?alt=sse} body event by event, as the bytes arrive, and yields
 * the answer's chunks, then one {@link ChatChunk.Done} when the body ends after a chunk that carried a
 * {@code finishReason}. A body that ends without one, a cut connection, a silence longer than the read
 * time-out or an unparseable event is a {@link TransportException}; an {@code error} object in the
 * stream is the failure it describes. Read by one thread; {@link #close()} from any.
 */
final class GeminiStreamParser implements Iterator<ChatChunk>, AutoCloseable {

    private final String backend;
    private final java.io.InputStream body;
    private final SseEventReader events;
    private final GeminiAnswer answer;
    private final GeminiCallLedger ledger;
    private final GeminiHttp http;
    private final ArrayDeque<ChatChunk> pending = new ArrayDeque<>();
    private volatile boolean closed;
    private boolean ended;

    GeminiStreamParser(String backend, java.io.InputStream body, GeminiAnswer answer, GeminiCallLedger ledger,
                       GeminiHttp http) {
        this.backend = backend;
        this.body = body;
        this.events = new SseEventReader(body);
        this.answer = answer;
        this.ledger = ledger;
        this.http = http;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !ended) {
            try {
                step();
            } catch (BackendException e) {
                ended = true;
                ledger.failed(answer.usage(), answer.generatedChars());
                closeBody();
                throw e;
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.removeFirst();
    }

    private void step() {
        SseEvent event;
        try {
            event = events.next();
        } catch (IOException e) {
            if (closed) {
                ended = true;
                return;
            }
            throw http.transport(e);
        }
        if (event == null) {
            ended = true;
            closeBody();
            if (closed) {
                return;
            }
            if (!answer.finished()) {
                throw new TransportException(backend, "backend '" + backend
                        + "': Gemini's stream ended before a chunk with a finishReason (connection cut?)", false, null);
            }
            var finish = answer.finishReason();
            pending.add(new ChatChunk.Done(finish, ledger.finished(answer.usage(), answer.generatedChars()),
                    answer.model()));
            return;
        }
        if (event.data().isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = GeminiRequestWriter.JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new TransportException(backend, "backend '" + backend + "': malformed chunk in Gemini's stream: "
                    + e.getOriginalMessage(), false, e);
        }
        if (node == null || !node.isObject()) {
            throw new TransportException(backend, "backend '" + backend
                    + "': malformed chunk in Gemini's stream: not a JSON object", false, null);
        }
        if (node.has("error")) {
            throw GeminiErrors.forStreamedError(backend, node.get("error"));
        }
        answer.accept(node, pending::add);
    }

    /** Cancels the stream: aborts the exchange; what was generated so far is counted. */
    @Override
    public void close() {
        closed = true;
        ledger.cancelled(answer.usage(), answer.generatedChars());
        closeBody();
    }

    private void closeBody() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing aborts the exchange; nothing more to do
        }
    }
}
