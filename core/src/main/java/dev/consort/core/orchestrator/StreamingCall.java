package dev.consort.core.orchestrator;

import dev.consort.core.api.Answer;
import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.core.usage.BudgetLedger;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.routing.RouteDecision;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One streamed call through the orchestrator. Chunks pass through as the backend produces them, and
 * usage is accounted as they arrive. A failure before any content reached the caller falls back (or
 * retries) transparently. After partial output the stream either ends with a {@code Failed} chunk or,
 * when configured, restarts on the next candidate after a {@code Restarted} chunk; two models' text
 * are never spliced. When the caller asked for JSON the answer is buffered, validated and only then
 * given; tool calls are always held until the end and validated against their schemas. A stream the
 * caller closes early is costed for what was generated. Used by one thread, except {@link #close()}.
 */
final class StreamingCall implements AnswerStream, Iterator<ChatChunk> {

    private final Engine engine;
    private final CallCounts counts;
    private final ChatCall call;
    private final RouteDecision decision;
    private final List<String> candidates;
    private final boolean bufferAll;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Deque<ChatChunk> pending = new ArrayDeque<>();

    private int index = -1;
    private boolean sameAgain;
    private int attempt;
    private boolean regenerated;
    private boolean reshaped;
    private String restartReason;

    private String name;
    private LLMBackend backend;
    private PreparedCall prepared;
    private volatile ChatStream stream;
    private Iterator<ChatChunk> chunks;
    private BudgetLedger.Reservation reservation;
    private long started;

    private boolean emitted;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<ChatChunk> buffered = new ArrayList<>();
    private final List<ToolCall> heldCalls = new ArrayList<>();
    private Usage lastUsage;

    private boolean finished;
    private volatile boolean closed;
    private Answer answer;

    StreamingCall(Engine engine, ChatCall call, RouteDecision decision, CallCounts counts) {
        this.engine = engine;
        this.counts = counts;
        this.call = call;
        this.decision = decision;
        this.candidates = decision.chosen();
        this.bufferAll = call.wantsValidatedOutput();
    }

    @Override
    public Iterator<ChatChunk> iterator() {
        return this;
    }

    @Override
    public List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    @Override
    public Optional<String> backend() {
        return Optional.ofNullable(name);
    }

    @Override
    public Optional<Answer> answer() {
        return Optional.ofNullable(answer);
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !finished) {
            step();
        }
        return !pending.isEmpty();
    }

    /**
     * Whether the next chunk, or the end, is here without waiting on a backend: steps through what the
     * backend's stream already holds (never opening a new try, which would call a backend) until a chunk
     * is pending. Before any output, a failure's back-off could pause inside such a step; after output,
     * which is when a relay holds written chunks, a failure never pauses.
     */
    @Override
    public boolean ready() {
        while (pending.isEmpty() && !finished) {
            ChatStream s = stream;
            if (closed || s == null) {
                return false;
            }
            try {
                if (!s.ready()) {
                    return false;
                }
            } catch (RuntimeException e) {
                // A plugin's hint that fails: the next hasNext() meets the failure, with its fallback.
                return true;
            }
            step();
        }
        return true;
    }

    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        return pending.poll();
    }

    private void step() {
        if (closed) {
            finished = true;
            return;
        }
        if (stream == null) {
            open();
            return;
        }
        ChatChunk chunk;
        try {
            if (!chunks.hasNext()) {
                throw new TransportException(name, "backend '" + name + "': the stream ended without its final chunk",
                        false, null);
            }
            chunk = chunks.next();
        } catch (RuntimeException e) {
            // The caller closed the stream under us: close() has costed it; this is no backend failure.
            if (closed) {
                finished = true;
                return;
            }
            if (e instanceof BackendException be) {
                failed(be);
                return;
            }
            failed(new TransportException(name, "backend '" + name + "': malformed stream: " + e.getMessage(), false, e));
            return;
        }
        switch (chunk) {
            case ChatChunk.Text t -> {
                text.append(t.delta());
                emit(t);
            }
            case ChatChunk.Reasoning r -> {
                reasoning.append(r.delta());
                emit(r);
            }
            case ChatChunk.ToolCallReady c -> heldCalls.add(c.call());
            case ChatChunk.UsageUpdate u -> {
                lastUsage = u.usage();
                pending.add(u);
            }
            case ChatChunk.Done d -> done(d);
            case ChatChunk.Restarted r -> {
                // a backend has no business restarting; ignore
            }
            case ChatChunk.Failed f -> failed(new TransportException(name, "backend '" + name + "': " + f.message(),
                    false, null));
        }
    }

    private void emit(ChatChunk c) {
        if (bufferAll) {
            buffered.add(c);
        } else {
            pending.add(c);
            emitted = true;
        }
    }

    /** Starts the next try: the same backend again, or the next candidate. */
    private void open() {
        if (!sameAgain) {
            index++;
            attempt = 0;
            regenerated = false;
            reshaped = false;
            if (index >= candidates.size()) {
                finished = true;
                throw Engine.allFailed(call, attempts());
            }
            String previous = name;
            name = candidates.get(index);
            backend = engine.pool().get(name);
            prepared = engine.prepare(name, backend, call, 1.0, counts);
            if (restartReason != null && emitted) {
                pending.add(new ChatChunk.Restarted(previous, name, restartReason));
                emitted = false;
            }
            restartReason = null;
        }
        boolean retrying = sameAgain;
        sameAgain = false;
        attempt++;
        resetPartial();
        if (!retrying && engine.cooldowns().coolingDown(name)) {
            record(new Attempt(name, attempt, "cooling_down", 0, "skipped after repeated failures"));
            return;
        }
        Optional<String> overCap = Engine.overCallCap(call, prepared);
        if (overCap.isPresent()) {
            record(new Attempt(name, attempt, "budget", 0, overCap.get()));
            if (call.backend() != null) {
                finished = true;
                throw new BudgetExceededException("task", overCap.get());
            }
            return;
        }
        try {
            reservation = engine.budgets().reserve(name, prepared.maxCostUsd(),
                    (long) prepared.promptTokens() + prepared.maxOutput());
        } catch (BudgetExceededException e) {
            record(new Attempt(name, attempt, "budget", 0, e.getMessage()));
            if (call.backend() != null) {
                finished = true;
                throw e;
            }
            return;
        }
        started = System.nanoTime();
        try {
            stream = backend.stream(prepared.request());
            chunks = stream.iterator();
        } catch (BackendException e) {
            failed(e);
        }
    }

    private void resetPartial() {
        text.setLength(0);
        reasoning.setLength(0);
        buffered.clear();
        heldCalls.clear();
        lastUsage = null;
    }

    private void done(ChatChunk.Done d) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        closeStream();
        BigDecimal cost = engine.usage().record(name, backend.model(), call.taskId(), d.usage(), false);
        reservation.settle(cost, d.usage().totalTokens());
        ChatResponse response = new ChatResponse(text.toString(), reasoning.toString(), d.finishReason(), heldCalls,
                d.usage(), d.model().isEmpty() ? backend.model() : d.model());
        Optional<String> problem = engine.validator().problem(prepared.request(), response);
        if (problem.isPresent()) {
            record(new Attempt(name, attempt, "malformed_output", ms, problem.get()));
            if (!regenerated) {
                regenerated = true;
                prepared = Engine.corrective(prepared, response, problem.get());
                sameAgain = true;
                if (emitted) {
                    pending.add(new ChatChunk.Restarted(name, name, "regenerating: " + problem.get()));
                    emitted = false;
                }
            } else {
                restartReason = problem.get();
            }
            return;
        }
        engine.cooldowns().success(name);
        record(new Attempt(name, attempt, "ok", ms, ""));
        if (bufferAll && heldCalls.isEmpty()) {
            pending.add(new ChatChunk.Text(OutputValidator.unfenced(text.toString())));
            response = new ChatResponse(OutputValidator.unfenced(text.toString()), response.reasoning(),
                    response.finishReason(), response.toolCalls(), response.usage(), response.model());
        } else {
            pending.addAll(buffered);
        }
        heldCalls.forEach(c -> pending.add(new ChatChunk.ToolCallReady(c)));
        pending.add(d);
        answer = new Answer(name, response.model(), response, attempts(), cost, decision);
        finished = true;
    }

    private void failed(BackendException e) {
        long ms = started == 0 ? 0 : (System.nanoTime() - started) / 1_000_000;
        closeStream();
        Usage spent = spentSoFar();
        BigDecimal cost = engine.usage().record(name, backend.model(), call.taskId(), spent, true);
        if (reservation != null) {
            reservation.settle(cost, spent.totalTokens());
            reservation = null;
        }
        record(new Attempt(name, attempt, e.kind(), ms, e.getMessage()));
        if (Engine.countsAgainst(e)) {
            engine.cooldowns().failure(name);
        }
        if (emitted) {
            if (!engine.restartPartialStreams()) {
                pending.add(new ChatChunk.Failed(name, e.getMessage()));
                finished = true;
            } else {
                restartReason = e.getMessage();
            }
            return;
        }
        if (e instanceof ContextLengthExceededException && !reshaped) {
            reshaped = true;
            prepared = engine.prepare(name, backend, call, 0.75, counts);
            sameAgain = true;
            return;
        }
        if (e.retryable()) {
            Optional<Duration> wait = engine.backoff().after(attempt, e.retryAfter());
            if (wait.isPresent() && engine.pauseFor(wait.get())) {
                sameAgain = true;
            }
        }
    }

    /**
     * What the current try has spent: the provider's figures so far, else an estimate of the text. The
     * text is counted when the prompt was (a budget or cost cap made its size matter, and the reservation
     * settles on it); otherwise the backend's cheap estimate will do, since a count could load a
     * tokenizer's whole vocabulary only to say what a cut-off stream cost.
     */
    private Usage spentSoFar() {
        if (lastUsage != null) {
            return lastUsage;
        }
        if (text.isEmpty() && reasoning.isEmpty()) {
            return Usage.ZERO;
        }
        List<Message> output = List.of(Message.assistant(text.toString() + reasoning));
        if (prepared.promptTokensExact()) {
            return Usage.estimated(prepared.promptTokens(), backend.countTokens(output));
        }
        return Usage.estimated(backend.estimateTokens(prepared.request().messages()),
                backend.estimateTokens(output));
    }

    private void record(Attempt a) {
        synchronized (attempts) {
            attempts.add(a);
        }
    }

    private void closeStream() {
        ChatStream s = stream;
        stream = null;
        chunks = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChatStream s = stream;
        if (s != null && !finished) {
            s.close();
            Usage spent = spentSoFar();
            BigDecimal cost = engine.usage().record(name, backend.model(), call.taskId(), spent, false);
            if (reservation != null) {
                reservation.settle(cost, spent.totalTokens());
            }
            record(new Attempt(name, attempt, "cancelled", (System.nanoTime() - started) / 1_000_000,
                    "closed by the caller"));
        }
        stream = null;
    }
}
