package dev.consort.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.OverloadedException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.time.Duration;
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
 * The behaviour every HTTP backend owes the orchestrator, as JUnit 5 tests. A backend's test class
 * extends this, wires a backend to the given {@link ReplayServer} and supplies recorded replies; the
 * tests check that a stream ends with exactly one {@link ChatChunk.Done}, that closing a stream from
 * another thread returns at once and ends a blocked iteration, that usage is counted, and that HTTP
 * 429, 500, 503 and 401 come out as {@link RateLimitedException} (with its Retry-After),
 * {@link ServerErrorException}, {@link OverloadedException} and {@link AuthenticationException}, from
 * {@code chat} and from {@code stream} alike.
 *
 * <p>Example: {@code class OpenAiContractTest extends BackendContract { ... }}.
 *
 * @since 1.0
 */
public abstract class BackendContract {

    private ReplayServer server;
    private LLMBackend backend;

    /** For subclasses. */
    protected BackendContract() {
    }

    /**
     * A backend of the type under test whose base URL is the server's. Give it a read time-out of a few
     * seconds: the close test stalls a response and must not be ended by the time-out instead.
     *
     * @param server the running replay server
     * @return a new backend
     */
    protected abstract LLMBackend backend(ReplayServer server);

    /**
     * A recorded streamed answer with text, as the provider sends it for {@link #request()} streamed.
     *
     * @return a fresh reply
     */
    protected abstract Reply streamedText();

    /**
     * A recorded whole answer with text, as the provider sends it for {@link #request()}.
     *
     * @return a fresh reply
     */
    protected abstract Reply wholeText();

    /**
     * An error reply with a status, in the provider's own error format. The default is the common
     * {@code {"error":{"message":...,"type":...,"code":...}}} JSON shape.
     *
     * @param status the HTTP status
     * @param message what the provider says
     * @return a fresh reply
     */
    protected Reply errorReply(int status, String message) {
        String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"error\",\"code\":" + status + "}}";
        return Reply.status(status).contentType("application/json").body(body);
    }

    /**
     * The request every test sends.
     *
     * @return a one-message request
     */
    protected ChatRequest request() {
        return ChatRequest.of(List.of(Message.user("Say hello")));
    }

    /**
     * How many bytes of {@link #streamedText()} the close test lets through before the server goes
     * silent.
     *
     * @return a byte count; by default 64
     */
    protected int bytesBeforeStall() {
        return 64;
    }

    /**
     * The server of the current test, for subclasses' own tests.
     *
     * @return the server
     */
    protected final ReplayServer server() {
        return server;
    }

    /** Starts the server and the backend before each test. */
    @BeforeEach
    public final void startReplayServer() {
        server = ReplayServer.start();
        backend = backend(server);
        assertNotNull(backend, "backend(server) returned null");
    }

    /** Closes the backend and the server after each test. */
    @AfterEach
    public final void stopReplayServer() {
        backend.close();
        server.close();
    }

    /** A complete stream ends with one Done and carries text. */
    @Test
    public final void contractStreamEndsWithExactlyOneDone() {
        server.enqueue(streamedText());
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
        server.enqueue(wholeText());
        ChatResponse whole = backend.chat(request());
        server.enqueue(streamedText());
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
        server.enqueue(streamedText().stallAfter(bytesBeforeStall()));
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

    /** 429 is a rate limit with the Retry-After the server gave. */
    @Test
    public final void contractStatus429IsRateLimitedWithItsRetryAfter() {
        for (RateLimitedException e : failBothWays(RateLimitedException.class,
                () -> errorReply(429, "Rate limit reached").header("Retry-After", "3"))) {
            assertEquals(Duration.ofSeconds(3), e.retryAfter().orElse(null), e.getMessage());
            assertTrue(e.retryable());
        }
    }

    /** 500 is a server error. */
    @Test
    public final void contractStatus500IsAServerError() {
        failBothWays(ServerErrorException.class, () -> errorReply(500, "Internal error"));
    }

    /** 503 is overload. */
    @Test
    public final void contractStatus503IsOverloaded() {
        failBothWays(OverloadedException.class, () -> errorReply(503, "Service unavailable"));
    }

    /** 401 is an authentication failure, not retryable. */
    @Test
    public final void contractStatus401IsAnAuthenticationFailure() {
        for (AuthenticationException e : failBothWays(AuthenticationException.class,
                () -> errorReply(401, "Invalid API key"))) {
            assertFalse(e.retryable());
        }
    }

    private <T extends BackendException> List<T> failBothWays(Class<T> type, java.util.function.Supplier<Reply> reply) {
        server.enqueue(reply.get());
        T viaChat = assertThrows(type, () -> backend.chat(request()), "chat()");
        server.enqueue(reply.get());
        T viaStream = assertThrows(type, () -> {
            try (ChatStream s = backend.stream(request())) {
                s.forEach(c -> { });
            }
        }, "stream()");
        for (T e : List.of(viaChat, viaStream)) {
            assertEquals(backend.name(), e.backend());
            assertTrue(e.getMessage().contains(backend.name()), "the message does not name the backend: "
                    + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "the message is not one line: " + e.getMessage());
        }
        assertEquals(2, backend.usage().errors(), "failed calls counted as errors: " + backend.usage());
        return List.of(viaChat, viaStream);
    }
}
