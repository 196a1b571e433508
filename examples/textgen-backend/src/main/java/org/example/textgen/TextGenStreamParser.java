package org.example.textgen;

import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.MalformedOutputException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.SettledStream;
import dev.consort.spi.backend.SseEvent;
import dev.consort.spi.backend.SseEventReader;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns the service's event stream into chunks, one event at a time: text events become
 * {@link ChatChunk.Text}, the {@code done} event the one {@link ChatChunk.Done}, an {@code error} event a
 * server error. A body that ends before {@code done} is a transport failure, never a silent short answer.
 * Used by one thread; {@link #usageSoFar()} may be called from another.
 */
final class TextGenStreamParser implements SettledStream.Source {

    private final String backend;
    private final String model;
    private final SseEventReader events;
    private final int promptEstimate;
    private final TokenEstimator estimator;
    private final StringBuffer text = new StringBuffer();
    private boolean done;

    TextGenStreamParser(String backend, String model, InputStream body, int promptEstimate, TokenEstimator estimator) {
        this.backend = backend;
        this.model = model;
        this.events = new SseEventReader(body);
        this.promptEstimate = promptEstimate;
        this.estimator = estimator;
    }

    @Override
    public ChatChunk next() {
        if (done) {
            return null; // SettledStream closes the body on Done: nothing more to read
        }
        SseEvent e;
        try {
            e = events.next();
        } catch (IOException x) {
            throw new TransportException(backend, "backend '" + backend + "': the stream broke: "
                    + HttpFailures.oneLine(String.valueOf(x.getMessage())), false, x);
        }
        if (e == null) {
            throw new TransportException(backend, "backend '" + backend + "': the stream ended before its done event",
                    false, null);
        }
        return switch (e.event() == null ? "message" : e.event()) {
            case "done" -> {
                done = true;
                yield new ChatChunk.Done(FinishReason.STOP, usage(e.data()), model);
            }
            case "error" -> throw new ServerErrorException(backend, "backend '" + backend + "': the service failed"
                    + " mid-stream: " + HttpFailures.oneLine(e.data()), 0, null);
            default -> {
                text.append(e.data());
                yield new ChatChunk.Text(e.data());
            }
        };
    }

    /** {@code "PROMPT COMPLETION"}, as the service counted them. */
    private Usage usage(String data) {
        String[] parts = data.strip().split("\\s+");
        try {
            return Usage.exact(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            throw new MalformedOutputException(backend, "backend '" + backend + "': the done event should carry"
                    + " 'PROMPT COMPLETION' token counts, got '" + HttpFailures.oneLine(data) + "'", 0, e);
        }
    }

    @Override
    public Usage usageSoFar() {
        return Usage.estimated(promptEstimate, estimator.estimate(text.toString()));
    }
}
