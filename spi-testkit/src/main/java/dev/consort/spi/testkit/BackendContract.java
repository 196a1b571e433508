package dev.consort.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.OverloadedException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.chat.ChatChunk;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every HTTP backend owes the orchestrator, as JUnit 5 tests. A backend's test class
 * extends this, wires a backend to the given {@link ReplayServer} and supplies recorded replies; the
 * tests of {@link BackendBehaviourContract} check that a stream ends with exactly one
 * {@link ChatChunk.Done}, that closing a stream from another thread returns at once and ends a blocked
 * iteration, and that usage is counted; the tests here check that HTTP 429, 500, 503 and 401 come out as
 * {@link RateLimitedException} (with its Retry-After), {@link ServerErrorException},
 * {@link OverloadedException} and {@link AuthenticationException}, from {@code chat} and from
 * {@code stream} alike.
 *
 * <p>Example: {@code class OpenAiContractTest extends BackendContract { ... }}.
 *
 * @since 1.0
 */
public abstract class BackendContract extends BackendBehaviourContract {

    private ReplayServer server;

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

    /** Starts the replay server before the backend is made. */
    @Override
    protected final void beforeBackend() {
        server = ReplayServer.start();
    }

    /** Stops the server after the backend is closed. */
    @Override
    protected final void afterBackend() {
        server.close();
    }

    @Override
    protected final LLMBackend newBackend() {
        return backend(server);
    }

    @Override
    protected final void arrangeStreamedText() {
        server.enqueue(streamedText());
    }

    @Override
    protected final void arrangeWholeText() {
        server.enqueue(wholeText());
    }

    @Override
    protected final void arrangeStalledStream() {
        server.enqueue(streamedText().stallAfter(bytesBeforeStall()));
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
        LLMBackend backend = backendUnderTest();
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
