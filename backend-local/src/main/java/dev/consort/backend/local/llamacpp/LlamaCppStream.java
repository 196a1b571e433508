package dev.consort.backend.local.llamacpp;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One generation as {@link ChatChunk}s: text pieces as llama.cpp samples them, or one tool call, then
 * {@link ChatChunk.Done}.
 *
 * <p>The iterating thread is the only one that waits on llama.cpp's results. {@link #close()} may come
 * from any thread: when no result is awaited it cancels the llama.cpp task at once; otherwise the
 * iterating thread cancels it as soon as the awaited token arrives (one token's time), because a task
 * cancelled under a waiting reader would leave that reader waiting forever.
 */
final class LlamaCppStream implements Iterator<ChatChunk> {

    private final String backend;
    private final String model;
    private final LlamaIterator generation;
    private final ToolCallParser tools;
    private final UsageCounter counter;
    private final GenerationTally tally;
    private final StopSequences stops;
    private final ArrayDeque<ChatChunk> pending = new ArrayDeque<>();
    private final StringBuilder call = new StringBuilder();
    private final Object lock = new Object();
    private OutputConstraint.Mode mode;
    private boolean waiting;
    private boolean closeRequested;
    private boolean cancelled;
    private boolean ended;

    LlamaCppStream(String backend, String model, LlamaIterator generation, OutputConstraint constraint,
                   StopSequences stops, GenerationTally tally, ToolCallParser tools, UsageCounter counter) {
        this.backend = backend;
        this.model = model;
        this.generation = generation;
        this.stops = stops;
        this.tally = tally;
        this.tools = tools;
        this.counter = counter;
        this.mode = constraint.mode();
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !ended) {
            step();
        }
        return !pending.isEmpty();
    }

    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    /** Stops the generation; see the class comment for when. Never throws. */
    void close() {
        synchronized (lock) {
            if (ended || closeRequested) {
                return;
            }
            closeRequested = true;
            if (!waiting) {
                cancelLocked();
            }
        }
    }

    private void step() {
        synchronized (lock) {
            if (closeRequested) {
                cancelLocked();
                return;
            }
            waiting = true;
        }
        LlamaOutput output;
        try {
            output = generation.next();
        } catch (RuntimeException e) {
            synchronized (lock) {
                waiting = false;
                ended = true;
            }
            counter.failure(tally.usageSoFar());
            throw new TransportException(backend, "llama.cpp failed while generating: " + e.getMessage(), false, e);
        } finally {
            synchronized (lock) {
                waiting = false;
            }
        }
        boolean last = !generation.hasNext();
        if (!last) {
            tally.result(output.text);
        }
        synchronized (lock) {
            if (closeRequested && !last) {
                cancelLocked();
                return;
            }
        }
        accept(output.text);
        if (stops.stopped()) {
            synchronized (lock) {
                cancelled = true;
                ended = true;
            }
            generation.cancel();
            finish(FinishReason.STOP);
        } else if (last) {
            synchronized (lock) {
                ended = true;
            }
            accept(stops.flush());
            finish(tally.endedBy());
        }
    }

    private void accept(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (mode == OutputConstraint.Mode.TEXT_OR_TOOL_CALL) {
            mode = text.startsWith("{") ? OutputConstraint.Mode.TOOL_CALL : OutputConstraint.Mode.TEXT;
        }
        if (mode == OutputConstraint.Mode.TOOL_CALL) {
            call.append(text);
            return;
        }
        String shown = mode == OutputConstraint.Mode.TEXT ? stops.push(text) : text;
        if (!shown.isEmpty()) {
            pending.add(new ChatChunk.Text(shown));
        }
    }

    private void finish(FinishReason reason) {
        Usage usage = tally.usage(reason);
        if (mode == OutputConstraint.Mode.TOOL_CALL) {
            ToolCall parsed;
            try {
                parsed = tools.parse(call.toString(), backend);
            } catch (BackendException e) {
                counter.failure(usage);
                throw e;
            }
            pending.add(new ChatChunk.ToolCallReady(parsed));
            reason = FinishReason.TOOL_CALLS;
        }
        counter.success(usage);
        pending.add(new ChatChunk.Done(reason, usage, model));
    }

    // Called with the lock held, never while a result is awaited.
    private void cancelLocked() {
        if (!cancelled) {
            cancelled = true;
            if (!ended) {
                generation.cancel();
                counter.success(tally.usageSoFar());
            }
        }
        ended = true;
    }
}
