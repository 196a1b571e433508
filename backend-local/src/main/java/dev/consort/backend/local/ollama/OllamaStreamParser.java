package dev.consort.backend.local.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.BoundedLineReader;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads an Ollama NDJSON stream line by line, as the bytes arrive, and yields the answer's chunks, then
 * the final usage and one {@link ChatChunk.Done} at the {@code "done": true} line. A body that ends
 * before that line, a cut connection, a silence longer than the read time-out or an unparseable line
 * is a {@link TransportException}; an {@code error} line is the failure it describes. Read by one
 * thread; {@link #close()} from any.
 */
final class OllamaStreamParser implements Iterator<ChatChunk>, AutoCloseable {

    private final String backend;
    private final OllamaSettings settings;
    private final java.io.InputStream body;
    private final BoundedLineReader lines;
    private final OllamaAnswer answer;
    private final OllamaCallLedger ledger;
    private final OllamaHttp http;
    private final ArrayDeque<ChatChunk> pending = new ArrayDeque<>();
    private volatile boolean closed;
    private boolean ended;

    OllamaStreamParser(String backend, OllamaSettings settings, java.io.InputStream body, OllamaAnswer answer,
                       OllamaCallLedger ledger, OllamaHttp http) {
        this.backend = backend;
        this.settings = settings;
        this.body = body;
        this.lines = new BoundedLineReader(body);
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
                ledger.failed(answer);
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
        String line;
        try {
            line = lines.readLine();
        } catch (IOException e) {
            if (closed) {
                ended = true;
                return;
            }
            throw http.transport(e);
        }
        if (line == null) {
            ended = true;
            closeBody();
            if (!closed) {
                throw new TransportException(backend, "backend '" + backend
                        + "': Ollama's stream ended before its \"done\" line (connection cut?)", false, null);
            }
            return;
        }
        if (line.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = OllamaRequestWriter.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TransportException(backend, "backend '" + backend + "': malformed chunk in Ollama's stream: "
                    + e.getOriginalMessage(), false, e);
        }
        if (node == null || !node.isObject()) {
            throw new TransportException(backend, "backend '" + backend
                    + "': malformed chunk in Ollama's stream: not a JSON object", false, null);
        }
        if (node.hasNonNull("error")) {
            throw OllamaErrors.forStreamedError(backend, settings, node.get("error").asText());
        }
        answer.accept(node, pending::add);
        if (answer.done()) {
            ended = true;
            var finish = answer.finishReason();
            var usage = ledger.finished(answer);
            pending.add(new ChatChunk.UsageUpdate(usage));
            pending.add(new ChatChunk.Done(finish, usage, answer.model()));
            closeBody();
        }
    }

    /** Cancels the stream: aborts the exchange; what was generated so far is counted. */
    @Override
    public void close() {
        closed = true;
        ledger.cancelled(answer);
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
