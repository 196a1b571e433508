package dev.consort.backend.planner;

import static dev.consort.backend.planner.AnthropicFixture.KEY;
import static dev.consort.backend.planner.AnthropicFixture.error;
import static dev.consort.backend.planner.AnthropicFixture.hello;
import static dev.consort.backend.planner.AnthropicFixture.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.OverloadedException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error statuses, error events and broken transports, each ending in the right SPI failure. */
class AnthropicFaultsTest {

    private static final String TEXT_STREAM = "anthropic-messages-stream-text-langchaingo.sse";
    private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{"
            + "\"model\":\"claude-test\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    private static final String END = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":99}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        backend = AnthropicFixture.backend(server);
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    @Test
    void mapsStatus429WithRetryAfterToRateLimited() {
        for (RateLimitedException e : bothWays(RateLimitedException.class,
                () -> error(429, "rate_limit_error", "Number of requests has exceeded your rate limit")
                        .header("retry-after", "7"))) {
            assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
            assertTrue(e.retryable());
            assertEquals(429, e.httpStatus());
        }
    }

    @Test
    void readsTheWaitOfA429FromTheExhaustedLimitsRfc3339Reset() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        server.enqueue(error(429, "rate_limit_error", "Output tokens per minute exceeded")
                .header("anthropic-ratelimit-requests-remaining", "40")
                .header("anthropic-ratelimit-requests-reset", now.plusSeconds(50).toString())
                .header("anthropic-ratelimit-output-tokens-remaining", "0")
                .header("anthropic-ratelimit-output-tokens-reset", now.plusSeconds(20).toString()));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> backend.chat(hello()));
        Duration wait = e.retryAfter().orElseThrow();
        assertTrue(wait.compareTo(Duration.ofSeconds(15)) > 0 && wait.compareTo(Duration.ofSeconds(21)) <= 0,
                "waits for the output-token limit, not the request limit: " + wait);
    }

    @Test
    void mapsStatus500ApiErrorToServerError() {
        for (ServerErrorException e : bothWays(ServerErrorException.class,
                () -> error(500, "api_error", "Internal server error"))) {
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("api_error: Internal server error"), e.getMessage());
        }
    }

    @Test
    void mapsStatus500WithAnHtmlBodyToServerError() {
        bothWays(ServerErrorException.class, () -> Reply.status(500).contentType("text/html")
                .body("<html>\n<body>Bad gateway\n</body></html>"));
    }

    @Test
    void mapsStatus503ToOverloaded() {
        bothWays(OverloadedException.class, () -> Reply.status(503).body("upstream connect error"));
    }

    @Test
    void mapsTheRecorded529ToOverloadedAndRetryable() {
        for (OverloadedException e : bothWays(OverloadedException.class,
                () -> recorded("anthropic-error-529-overloaded-vecsum.json"))) {
            assertTrue(e.retryable());
            assertEquals(529, e.httpStatus());
            assertTrue(e.getMessage().contains("overloaded_error: Overloaded"), e.getMessage());
        }
    }

    @Test
    void mapsTheRecorded404ToAnInvalidRequestNamingTheModel() {
        for (InvalidRequestException e : bothWays(InvalidRequestException.class,
                () -> recorded("anthropic-error-404-notfound-pydantic-ai.reconstructed.json"))) {
            assertFalse(e.retryable());
            assertEquals(404, e.httpStatus());
            assertTrue(e.getMessage().contains("not_found_error: model: claude-sonet-4-5"), e.getMessage());
            assertTrue(e.getMessage().contains("check the model name"), e.getMessage());
        }
    }

    @Test
    void mapsAPromptTooLongToContextLengthExceeded() {
        bothWays(ContextLengthExceededException.class, () -> error(400, "invalid_request_error",
                "prompt is too long: 208310 tokens > 200000 maximum"));
        bothWays(ContextLengthExceededException.class, () -> error(400, "invalid_request_error",
                "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length"
                        + " or `max_tokens` and try again"));
        bothWays(ContextLengthExceededException.class, () -> error(413, "request_too_large",
                "Request exceeds the maximum allowed number of bytes."));
    }

    @Test
    void mapsOtherInvalidRequestsToInvalidRequest() {
        for (InvalidRequestException e : bothWays(InvalidRequestException.class,
                () -> error(400, "invalid_request_error", "messages: roles must alternate"))) {
            assertFalse(e.retryable());
            assertEquals(400, e.httpStatus());
        }
    }

    @Test
    void mapsAuthenticationAndPermissionErrorsWithoutShowingTheKey() {
        List<AuthenticationException> failures = new ArrayList<>();
        failures.addAll(bothWays(AuthenticationException.class,
                () -> error(401, "authentication_error", "invalid x-api-key " + KEY)));
        failures.addAll(bothWays(AuthenticationException.class,
                () -> error(403, "permission_error", "Your API key does not have permission to use the model")));
        for (AuthenticationException e : failures) {
            assertFalse(e.retryable());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
    }

    @Test
    void mapsAnOverloadedErrorEventMidStreamToOverloaded() {
        String body = START + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Step 1\"}}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n";
        server.enqueue(Reply.ok().contentType("text/event-stream").body(body));
        List<ChatChunk> seen = new ArrayList<>();
        OverloadedException e = assertThrows(OverloadedException.class, () -> {
            try (ChatStream s = backend.stream(hello())) {
                s.forEach(seen::add);
            }
        });
        assertTrue(e.retryable());
        assertTrue(seen.contains(new ChatChunk.Text("Step 1")), seen.toString());
        UsageStats usage = backend.usage();
        assertEquals(1, usage.errors());
        assertEquals(10, usage.promptTokens(), "the prompt reported before the failure is counted");
        assertTrue(usage.completionTokens() >= 1, usage.toString());
    }

    @Test
    void mapsOtherErrorEventsByTheirType() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body(START
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}\n\n"));
        assertThrows(ServerErrorException.class, () -> backend.stream(hello()).collect());
        server.enqueue(Reply.ok().contentType("text/event-stream").body(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}\n\n"));
        assertThrows(RateLimitedException.class, () -> backend.stream(hello()).collect());
    }

    @Test
    void failsAStreamWhoseConnectionIsResetMidway() {
        server.enqueue(recorded(TEXT_STREAM).resetAfter(700));
        TransportException e = assertThrows(TransportException.class, () -> backend.stream(hello()).collect());
        assertFalse(e.timeout());
        assertEquals(1, backend.usage().errors());
    }

    @Test
    void failsAStreamThatEndsWithoutMessageStop() {
        byte[] whole = AnthropicFixture.bytes(TEXT_STREAM);
        String text = new String(whole, StandardCharsets.UTF_8);
        int lastEvent = text.indexOf("event: message_stop");
        server.enqueue(Reply.ok().contentType("text/event-stream").body(text.substring(0, lastEvent)));
        TransportException e = assertThrows(TransportException.class, () -> backend.stream(hello()).collect());
        assertTrue(e.getMessage().contains("message_stop"), e.getMessage());

        server.enqueue(recorded(TEXT_STREAM).truncateAfter(lastEvent));
        assertThrows(TransportException.class, () -> backend.stream(hello()).collect(), "connection closed early");
        server.enqueue(recorded(TEXT_STREAM).truncateAfter(lastEvent + 30));
        assertThrows(TransportException.class, () -> backend.stream(hello()).collect(), "cut inside the last event");
        assertEquals(3, backend.usage().errors());
    }

    @Test
    void failsAStreamWithAnEventThatIsNotJson() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body(START
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"ty\n\n"
                + END));
        TransportException e = assertThrows(TransportException.class, () -> backend.stream(hello()).collect());
        assertTrue(e.getMessage().contains("malformed chunk"), e.getMessage());
        assertTrue(e.getMessage().contains("planner"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void failsAWholeAnswerThatIsNotJson() {
        server.enqueue(Reply.ok().contentType("application/json").body("{\"id\":\"msg_1\",\"content\":[{\"ty"));
        TransportException e = assertThrows(TransportException.class, () -> backend.chat(hello()));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void timesOutAServerSlowerThanTheReadTimeout() {
        LLMBackend impatient = AnthropicFixture.backend(server, "read_timeout", "300ms");
        try {
            server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json").delayFirstByte(Duration.ofSeconds(2)));
            long t0 = System.nanoTime();
            TransportException whole = assertThrows(TransportException.class, () -> impatient.chat(hello()));
            assertTrue(whole.timeout(), whole.getMessage());
            server.enqueue(recorded(TEXT_STREAM).delayFirstByte(Duration.ofSeconds(2)));
            TransportException streamed = assertThrows(TransportException.class,
                    () -> impatient.stream(hello()).collect());
            assertTrue(streamed.timeout(), streamed.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofMillis(3000).toNanos(), "each call ended at its time-out");
        } finally {
            impatient.close();
        }
    }

    @Test
    void timesOutAStreamThatFallsSilentMidway() {
        LLMBackend impatient = AnthropicFixture.backend(server, "read_timeout", "300ms");
        try {
            server.enqueue(recorded(TEXT_STREAM).stallAfter(900));
            List<ChatChunk> seen = new ArrayList<>();
            long t0 = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> {
                try (ChatStream s = impatient.stream(hello())) {
                    s.forEach(seen::add);
                }
            });
            assertTrue(e.timeout(), e.getMessage());
            assertEquals("timeout", e.kind());
            assertTrue(e.getMessage().contains("read_timeout"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos());
            assertFalse(seen.isEmpty(), "chunks before the silence were delivered");
        } finally {
            impatient.close();
        }
    }

    @Test
    void failsToConnectAsATransportFailure() {
        LLMBackend nowhere = AnthropicFixture.backend(server, "base_url", "http://127.0.0.1:1");
        try {
            TransportException e = assertThrows(TransportException.class, () -> nowhere.chat(hello()));
            assertTrue(e.getMessage().contains("planner"), e.getMessage());
            assertThrows(TransportException.class, () -> nowhere.stream(hello()));
            assertEquals(2, nowhere.usage().errors());
        } finally {
            nowhere.close();
        }
    }

    @Test
    void streamsFiftyMegabytesOfEventsWithoutHoldingThem() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 160L * 1024 * 1024,
                "the module's pom runs tests in a small heap, so that holding the body would fail");
        String piece = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + "x".repeat(1000) + "\"}}\n\n";
        GeneratedBody body = GeneratedBody.of(START, piece, END, 50L * 1024 * 1024);
        long repeats = body.repeats();
        server.enqueue(Reply.ok().contentType("text/event-stream").bodyStream(() -> body));
        long chars = 0;
        ChatChunk last = null;
        try (ChatStream s = backend.stream(hello())) {
            for (ChatChunk c : s) {
                if (c instanceof ChatChunk.Text t) {
                    chars += t.delta().length();
                }
                last = c;
            }
        }
        assertEquals(repeats * 1000, chars);
        assertInstanceOf(ChatChunk.Done.class, last);
    }

    @Test
    void refusesAnEventLargerThanTheCap() {
        String head = START + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"";
        GeneratedBody body = GeneratedBody.of(head, "y".repeat(4096), "\"}}\n\n" + END, 20L * 1024 * 1024);
        server.enqueue(Reply.ok().contentType("text/event-stream").bodyStream(() -> body));
        assertThrows(TransportException.class, () -> backend.stream(hello()).collect());
    }

    @Test
    void refusesAWholeAnswerLargerThanTheCap() {
        GeneratedBody body = GeneratedBody.of("{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"",
                "z".repeat(4096), "\"}],\"stop_reason\":\"end_turn\"}", 50L * 1024 * 1024);
        server.enqueue(Reply.ok().contentType("application/json").bodyStream(() -> body));
        TransportException e = assertThrows(TransportException.class, () -> backend.chat(hello()));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void countsWhatWasGeneratedWhenTheCallerClosesEarly() {
        server.enqueue(recorded(TEXT_STREAM).stallAfter(1000));
        ChatStream s = backend.stream(hello());
        int texts = 0;
        for (ChatChunk c : s) {
            if (c instanceof ChatChunk.Text) {
                texts++;
                if (texts == 2) {
                    break;
                }
            }
        }
        s.close();
        UsageStats usage = backend.usage();
        assertEquals(1, usage.requests());
        assertEquals(0, usage.errors());
        assertEquals(15, usage.promptTokens(), "the prompt tokens of message_start");
        assertTrue(usage.completionTokens() >= 2, usage.toString());
        assertTrue(usage.estimated(), "the output of a cut answer is an estimate");
    }

    private <T extends BackendException> List<T> bothWays(Class<T> type, Supplier<Reply> reply) {
        long errorsBefore = backend.usage().errors();
        server.enqueue(reply.get());
        T viaChat = assertThrows(type, () -> backend.chat(hello()), "chat()");
        server.enqueue(reply.get());
        T viaStream = assertThrows(type, () -> {
            try (ChatStream s = backend.stream(hello())) {
                s.forEach(c -> { });
            }
        }, "stream()");
        for (T e : List.of(viaChat, viaStream)) {
            assertEquals("planner", e.backend());
            assertTrue(e.getMessage().startsWith("backend 'planner'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
        assertEquals(errorsBefore + 2, backend.usage().errors());
        return List.of(viaChat, viaStream);
    }
}
