package dev.consort.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend owes the orchestrator, whatever its transport, as JUnit 5 tests: a stream
 * ends with exactly one {@link ChatChunk.Done} and carries text; each call's usage is counted, never
 * negative; closing a stream from another thread returns at once and ends a blocked iteration.
 *
 * <p>An HTTP backend extends {@link BackendContract}, which adds the mapping of HTTP failures to typed
 * exceptions and arranges the answers through a {@link ReplayServer}. A backend that runs in-process
 * (the bundled {@code llamacpp}) extends this class directly: {@link #newBackend()} makes it, and the
 * {@code arrange…} methods prepare what its next call produces (nothing, for a real model).
 *
 * @since 1.0
 */
public abstract class BackendBehaviourContract {

    private LLMBackend backend;

    /** For subclasses. */
    protected BackendBehaviourContract() {
    }

    /**
     * Makes the backend under test; called before each test, after {@link #beforeBackend()}.
     *
     * @return a new backend; not null
     */
    protected abstract LLMBackend newBackend();

    /** Arranges that the next {@code stream} call produces a complete answer with text. */
    protected abstract void arrangeStreamedText();

    /** Arranges that the next {@code chat} call produces a complete answer with text. */
    protected abstract void arrangeWholeText();

    /**
     * Arranges that the next {@code stream} call produces some output and then keeps the reader waiting
     * (an HTTP server going silent, a long generation), so that the test can close it mid-stream.
     */
    protected abstract void arrangeStalledStream();

    /**
     * The request every test sends.
     *
     * @return a one-message request
     */
    protected ChatRequest request() {
        return ChatRequest.of(List.of(Message.user("Say hello")));
    }

    /** Runs before the backend is made (start a server here). */
    protected void beforeBackend() {
    }

    /** Runs after the backend is closed (stop a server here). */
    protected void afterBackend() {
    }

    /**
     * The backend of the current test.
     *
     * @return the backend
     */
    protected final LLMBackend backendUnderTest() {
        return backend;
    }

    /** Makes the backend before each test. */
    @BeforeEach
    public final void makeBackend() {
        beforeBackend();
        backend = newBackend();
        assertNotNull(backend, "newBackend() returned null");
    }

    /** Closes the backend after each test. */
    @AfterEach
    public final void closeBackend() {
        try {
            if (backend != null) {
                backend.close();
            }
        } finally {
            afterBackend();
        }
    }

    /** A complete stream ends with one Done and carries text. */
    @Test
    public final void contractStreamEndsWithExactlyOneDone() {
        arrangeStreamedText();
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChatStream stream = backend.stream(request())) {
            stream.forEach(chunks::add);
        }
        assertFalse(chunks.isEmpty(), "the stream yielded nothing");
        assertInstanceOf(ChatChunk.Done.class, chunks.get(chunks.size() - 1), "the last chunk is not Done");
        assertEquals(1, chunks.stream().filter(c -> c instanceof ChatChunk.Done).count(), "more than one Done");
        assertTrue(chunks.stream().anyMatch(c -> c instanceof ChatChunk.Text t && !t.delta().isEmpty()),
                "the stream carried no text");
    }

    /** Each call's usage is reported or estimated, and counted in usage(). */
    @Test
    public final void contractUsageIsCountedForEachCall() {
        arrangeWholeText();
        ChatResponse whole = backend.chat(request());
        arrangeStreamedText();
        ChatResponse streamed = backend.stream(request()).collect();
        for (ChatResponse r : List.of(whole, streamed)) {
            assertTrue(r.usage().totalTokens() > 0, "no tokens reported or estimated: " + r.usage());
        }
        UsageStats stats = backend.usage();
        assertEquals(2, stats.requests(), "requests counted: " + stats);
        assertEquals(0, stats.errors(), "errors counted: " + stats);
        assertEquals(whole.usage().promptTokens() + (long) streamed.usage().promptTokens(), stats.promptTokens());
        assertEquals(whole.usage().completionTokens() + (long) streamed.usage().completionTokens(),
                stats.completionTokens());
    }

    /** Closing a stalled stream from another thread returns at once and unblocks the reader. */
    @Test
    public final void contractCloseMidStreamReturnsPromptlyAndEndsTheIteration() throws Exception {
        arrangeStalledStream();
        AtomicReference<ChatStream> opened = new AtomicReference<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            ChatStream s = backend.stream(request());
            opened.set(s);
            try {
                s.forEach(c -> { });
            } catch (BackendException endedByClose) {
                // a backend may end a cancelled iteration with a failure; it must not hang
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (opened.get() == null && System.nanoTime() < deadline && !reader.isDone()) {
            Thread.sleep(10);
        }
        ChatStream stream = opened.get();
        if (stream == null) {
            reader.get(1, TimeUnit.SECONDS);
            fail("stream() did not return within 3 s of the response headers");
        }
        Thread.sleep(200);
        long start = System.nanoTime();
        stream.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "close() took longer than 1 s");
        try {
            reader.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("the iteration was still blocked 2 s after close()");
        } catch (ExecutionException e) {
            fail("the iteration failed after close(): " + e.getCause());
        }
        stream.close();
        assertEquals(1, backend.usage().requests(), "a closed stream is still a request: " + backend.usage());
    }
}
