package dev.consort.gateway;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose streams give their chunks on cue: a chunk with a gate is produced only once the gate
 * opens (its {@code next()} waits for it, and {@code ready()} says false until then); a chunk without one
 * is here at once. One script a call (the last repeats). A gate that stays shut past the patience is
 * recorded in {@link #heldBack} and the chunk produced anyway, so a test fails instead of hanging.
 * With {@code hints} off, the streams never say ready (as before the hint existed). Thread-safe.
 */
final class PacedBackend extends TestBackend {

    /** One chunk of a script, and what it waits for (null: nothing). */
    record Step(ChatChunk chunk, CountDownLatch gate) {
    }

    static Step now(ChatChunk chunk) {
        return new Step(chunk, null);
    }

    static Step after(CountDownLatch gate, ChatChunk chunk) {
        return new Step(chunk, gate);
    }

    private final boolean hints;
    private final Duration patience;
    private final List<List<Step>> scripts;
    private final AtomicInteger calls = new AtomicInteger();
    /** The chunks whose gate did not open in time, as "call#index". */
    final List<String> heldBack = new CopyOnWriteArrayList<>();

    @SafeVarargs
    PacedBackend(String name, boolean hints, Duration patience, List<Step>... scripts) {
        super(name, "paced");
        this.hints = hints;
        this.patience = patience;
        this.scripts = List.of(scripts);
    }

    int calls() {
        return calls.get();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        int call = calls.getAndIncrement();
        Chunks it = new Chunks(call, scripts.get(Math.min(call, scripts.size() - 1)));
        return hints ? ChatStream.of(it, () -> { }, it::here) : ChatStream.of(it, () -> { });
    }

    private final class Chunks implements Iterator<ChatChunk> {
        private final int call;
        private final List<Step> steps;
        private volatile int index;

        Chunks(int call, List<Step> steps) {
            this.call = call;
            this.steps = steps;
        }

        @Override
        public boolean hasNext() {
            return index < steps.size();
        }

        @Override
        public ChatChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Step s = steps.get(index);
            if (s.gate() != null) {
                try {
                    if (!s.gate().await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                        heldBack.add(call + "#" + index);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            index++;
            return s.chunk();
        }

        /** Whether next() would return at once: the next chunk's gate is open, or there is none. */
        boolean here() {
            if (index >= steps.size()) {
                return true;
            }
            CountDownLatch gate = steps.get(index).gate();
            return gate == null || gate.getCount() == 0;
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return stream(request).collect();
    }

}
