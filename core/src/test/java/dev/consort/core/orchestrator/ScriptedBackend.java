package dev.consort.core.orchestrator;

import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A backend that plays a script, one step per call (chat or stream), and records every request it
 * received. When the script runs out it repeats its fallback step (by default: answer "ok").
 * Tokens are counted as whitespace-separated words. Thread-safe.
 */
public final class ScriptedBackend implements LLMBackend {

    /** What one call does. */
    public sealed interface Step {
    }

    /** Answers with this text (streamed as the given pieces) and these tool calls. */
    public record Answer(List<String> pieces, List<ToolCall> toolCalls) implements Step {
        public Answer {
            pieces = List.copyOf(pieces);
            toolCalls = List.copyOf(toolCalls);
        }

        String text() {
            return String.join("", pieces);
        }
    }

    /** Fails before anything is produced: thrown by chat, and by stream before the first chunk. */
    public record Fail(BackendException failure) implements Step {
    }

    /** Streams {@code pieces}, then throws {@code failure} (which may be any runtime exception). */
    public record FailMidStream(List<String> pieces, RuntimeException failure) implements Step {
        public FailMidStream {
            pieces = List.copyOf(pieces);
        }
    }

    /** Computes the step from the request. */
    public record Dynamic(Function<ChatRequest, Step> step) implements Step {
    }

    /** Called before each chunk of a stream is handed out, on the iterating thread. */
    @FunctionalInterface
    public interface ChunkHook {
        void beforeChunk(int index, ChatChunk chunk) throws InterruptedException;
    }

    /**
     * Whether a stream's chunk at {@code index} is "here" (its {@code ready()}), asked with the index of
     * the chunk its next {@code next()} would give: the failure of a failing stream is at the index after
     * its last chunk.
     */
    @FunctionalInterface
    public interface Readiness {
        boolean ready(int index);
    }

    private final String name;
    private final String model;
    private final int window;
    private final int maxOutput;
    private final Persona persona;
    private final Deque<Step> script = new ArrayDeque<>();
    private volatile Step otherwise = answer("ok");
    private volatile ChunkHook hook = (i, c) -> { };
    private volatile boolean usageUpdates;
    private volatile Readiness readiness;
    private final AtomicInteger readyAsked = new AtomicInteger();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger closedStreams = new AtomicInteger();
    private final AtomicInteger measured = new AtomicInteger();
    private final AtomicInteger bounded = new AtomicInteger();
    private final AtomicInteger estimated = new AtomicInteger();
    private volatile int boundFactor;
    private final AtomicInteger resets = new AtomicInteger();

    private ScriptedBackend(String name, String model, int window, int maxOutput, Persona persona) {
        this.name = name;
        this.model = model;
        this.window = window;
        this.maxOutput = maxOutput;
        this.persona = persona;
    }

    /** A backend with a window of 100 000 words, 1 000 output words and a persona of its own. */
    public static ScriptedBackend named(String name) {
        return new ScriptedBackend(name, "model-" + name, 100_000, 1_000,
                new Persona("scripted " + name, "You are " + name + "."));
    }

    public ScriptedBackend withWindow(int contextWindow, int maxOutputTokens) {
        return copy(model, contextWindow, maxOutputTokens, persona);
    }

    public ScriptedBackend withModel(String modelName) {
        return copy(modelName, window, maxOutput, persona);
    }

    public ScriptedBackend withPersona(Persona p) {
        return copy(model, window, maxOutput, p);
    }

    /**
     * Makes {@link #tokenUpperBound} answer {@code factor} times the exact count plus one a message (as a
     * bound of bytes is several times a count of tokens), counted without touching {@link #measured()}.
     */
    public ScriptedBackend withUpperBound(int factor) {
        ScriptedBackend b = copy(model, window, maxOutput, persona);
        b.boundFactor = factor;
        return b;
    }

    private ScriptedBackend copy(String m, int w, int o, Persona p) {
        ScriptedBackend b = new ScriptedBackend(name, m, w, o, p);
        b.boundFactor = boundFactor;
        b.script.addAll(script);
        b.otherwise = otherwise;
        return b;
    }

    // ---- the script ------------------------------------------------------------------------------

    public static Step answer(String text) {
        return new Answer(words(text), List.of());
    }

    public static Step answerInPieces(String... pieces) {
        return new Answer(Arrays.asList(pieces), List.of());
    }

    public static Step toolCall(String tool, String argumentsJson) {
        return new Answer(List.of(), List.of(new ToolCall("call-1", tool, argumentsJson)));
    }

    /** Appends steps to the script. */
    public synchronized ScriptedBackend then(Step... steps) {
        script.addAll(Arrays.asList(steps));
        return this;
    }

    /** Answers this text on the next call. */
    public ScriptedBackend thenAnswers(String text) {
        return then(answer(text));
    }

    /** Fails the next {@code times} calls with the failure, then goes on with the script. */
    public synchronized ScriptedBackend thenFails(int times, BackendException failure) {
        for (int i = 0; i < times; i++) {
            script.add(new Fail(failure));
        }
        return this;
    }

    /** Streams these pieces on the next call, then fails. */
    public ScriptedBackend thenFailsAfter(RuntimeException failure, String... pieces) {
        return then(new FailMidStream(Arrays.asList(pieces), failure));
    }

    /** What every call does once the script is used up. */
    public ScriptedBackend otherwise(Step step) {
        this.otherwise = Objects.requireNonNull(step);
        return this;
    }

    /** Runs before each chunk of every stream: to hold a stream at a chunk, or count chunks. */
    public ScriptedBackend onChunk(ChunkHook h) {
        this.hook = h;
        return this;
    }

    /** Makes streams answer {@code ready()} so (without it they say false, the interface's default). */
    public ScriptedBackend withReadiness(Readiness r) {
        this.readiness = Objects.requireNonNull(r);
        return this;
    }

    /** How often a stream was asked {@code ready()}. */
    public int readyAsked() {
        return readyAsked.get();
    }

    /** Sends a cumulative usage update after each text chunk of a stream. */
    public ScriptedBackend withUsageUpdates() {
        this.usageUpdates = true;
        return this;
    }

    // ---- failures --------------------------------------------------------------------------------

    public RateLimitedException rateLimited(Duration retryAfter) {
        return new RateLimitedException(name, "backend '" + name + "': rate limited", retryAfter, 429);
    }

    public ServerErrorException serverError() {
        return new ServerErrorException(name, "backend '" + name + "': HTTP 500", 500, null);
    }

    public TransportException transport() {
        return new TransportException(name, "backend '" + name + "': connection reset", false, null);
    }

    public AuthenticationException authFailure() {
        return new AuthenticationException(name, "backend '" + name + "': the API key was refused", 401, null);
    }

    public InvalidRequestException invalidRequest() {
        return new InvalidRequestException(name, "backend '" + name + "': unknown parameter", 400, null);
    }

    public ContextLengthExceededException contextLengthExceeded() {
        return new ContextLengthExceededException(name, "backend '" + name + "': prompt too long", 400, null);
    }

    // ---- what happened ---------------------------------------------------------------------------

    /** Every request received, in order. */
    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    public ChatRequest lastRequest() {
        return requests.getLast();
    }

    public int calls() {
        return requests.size();
    }

    public int closedStreams() {
        return closedStreams.get();
    }

    public int resets() {
        return resets.get();
    }

    // ---- LLMBackend ------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "scripted";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Persona persona() {
        return persona;
    }

    @Override
    public int contextWindow() {
        return window;
    }

    @Override
    public int maxOutputTokens() {
        return maxOutput;
    }

    private Step next(ChatRequest request) {
        requests.add(request);
        Step s;
        synchronized (this) {
            s = script.isEmpty() ? otherwise : script.poll();
        }
        while (s instanceof Dynamic d) {
            s = d.step().apply(request);
        }
        return s;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return switch (next(request)) {
            case Answer a -> new ChatResponse(a.text(), "", a.toolCalls().isEmpty() ? FinishReason.STOP
                    : FinishReason.TOOL_CALLS, a.toolCalls(), usage(request, a.text()), model);
            case Fail f -> throw f.failure();
            case FailMidStream f -> throw f.failure();
            case Dynamic d -> throw new AssertionError("unreachable");
        };
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Step step = next(request);
        List<ChatChunk> chunks = new ArrayList<>();
        RuntimeException failure = null;
        switch (step) {
            case Answer a -> {
                chunks.addAll(textChunks(request, a.pieces()));
                a.toolCalls().forEach(c -> chunks.add(new ChatChunk.ToolCallReady(c)));
                chunks.add(new ChatChunk.Done(a.toolCalls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS,
                        usage(request, a.text()), model));
            }
            case Fail f -> throw f.failure();
            case FailMidStream f -> {
                chunks.addAll(textChunks(request, f.pieces()));
                failure = f.failure();
            }
            case Dynamic d -> throw new AssertionError("unreachable");
        }
        return new ScriptedStream(chunks, failure);
    }

    private List<ChatChunk> textChunks(ChatRequest request, List<String> pieces) {
        List<ChatChunk> out = new ArrayList<>();
        StringBuilder so = new StringBuilder();
        for (String p : pieces) {
            out.add(new ChatChunk.Text(p));
            so.append(p);
            if (usageUpdates) {
                out.add(new ChatChunk.UsageUpdate(usage(request, so.toString())));
            }
        }
        return out;
    }

    private Usage usage(ChatRequest request, String answer) {
        return Usage.exact(countTokens(request.messages()), count(answer));
    }

    /** A stream over prepared chunks; closing it makes a blocked or later step fail as a real one would. */
    private final class ScriptedStream implements ChatStream, Iterator<ChatChunk> {
        private final List<ChatChunk> chunks;
        private final RuntimeException failure;
        private int index;
        private volatile boolean closed;

        ScriptedStream(List<ChatChunk> chunks, RuntimeException failure) {
            this.chunks = chunks;
            this.failure = failure;
        }

        @Override
        public Iterator<ChatChunk> iterator() {
            return this;
        }

        @Override
        public boolean ready() {
            readyAsked.incrementAndGet();
            Readiness r = readiness;
            return r != null && (closed || r.ready(index));
        }

        @Override
        public boolean hasNext() {
            return !closed && (index < chunks.size() || failure != null);
        }

        @Override
        public ChatChunk next() {
            if (closed) {
                throw new TransportException(name, "backend '" + name + "': the stream was cancelled", false, null);
            }
            if (index >= chunks.size()) {
                if (failure != null) {
                    throw failure;
                }
                throw new NoSuchElementException();
            }
            ChatChunk c = chunks.get(index);
            try {
                hook.beforeChunk(index, c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(name, "backend '" + name + "': interrupted", false, e);
            }
            if (closed) {
                throw new TransportException(name, "backend '" + name + "': the stream was cancelled", false, null);
            }
            index++;
            return c;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closedStreams.incrementAndGet();
            }
        }
    }

    /** How often {@link #tokenUpperBound} was asked. */
    public int bounded() {
        return bounded.get();
    }

    @Override
    public int tokenUpperBound(List<Message> messages) {
        if (boundFactor == 0) {
            return Integer.MAX_VALUE;
        }
        bounded.incrementAndGet();
        int n = 0;
        for (Message m : messages) {
            n += 1 + boundFactor * count(m.content());
            for (ToolCall c : m.toolCalls()) {
                n += boundFactor * (1 + count(c.argumentsJson()));
            }
        }
        return n;
    }

    /** How often the engine counted tokens on this backend (it does so to measure a routing candidate). */
    public int measured() {
        return measured.get();
    }

    @Override
    public int countTokens(List<Message> messages) {
        measured.incrementAndGet();
        return tokens(messages);
    }

    /** How often {@link #estimateTokens} was asked (it answers the count, without touching {@link #measured()}). */
    public int estimated() {
        return estimated.get();
    }

    @Override
    public int estimateTokens(List<Message> messages) {
        estimated.incrementAndGet();
        return tokens(messages);
    }

    private static int tokens(List<Message> messages) {
        int n = 0;
        for (Message m : messages) {
            n += count(m.content());
            for (ToolCall c : m.toolCalls()) {
                n += 1 + count(c.argumentsJson());
            }
        }
        return n;
    }

    static int count(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        String[] w = text.split("(?<=\\s)");
        out.addAll(Arrays.asList(w));
        return out;
    }

    @Override
    public void resetContext() {
        resets.incrementAndGet();
    }

    @Override
    public UsageStats usage() {
        return UsageStats.ZERO;
    }

    @Override
    public String toString() {
        return "ScriptedBackend[" + name + "]";
    }
}
