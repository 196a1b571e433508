package dev.consort.backend.review;

import static dev.consort.backend.review.GeminiFixture.ask;
import static dev.consort.backend.review.GeminiFixture.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.MalformedOutputException;
import dev.consort.spi.backend.OverloadedException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults on the wire end in the right SPI failure type, and memory stays bounded. */
class GeminiFaultsTest {

    private static final String TEXT_SSE = "/wire/gemini-stream-text-pydantic-ai.sse";
    private static final String THINKING_SSE = "/wire/gemini-stream-thinking-pydantic-ai.sse";

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        // Generous, so a loaded machine never trips it; the time-out tests use their own impatient backend.
        backend = GeminiFixture.backend(server, "read_timeout", "10s");
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private static Reply error(int status, String googleStatus, String message) {
        return Reply.status(status).contentType("application/json").body("{\"error\": {\"code\": " + status
                + ", \"message\": \"" + message + "\", \"status\": \"" + googleStatus + "\"}}");
    }

    @Test
    void mapsStatus429WithRetryAfterToRateLimited() {
        server.enqueue(error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")
                .header("Retry-After", "7"));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> backend.chat(ask("hi")));
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertTrue(e.retryable());
    }

    @Test
    void readsRetryDelayFromRetryInfoDetail() {
        server.enqueue(Reply.status(429).contentType("application/json").body("""
                {"error": {"code": 429, "message": "You exceeded your current quota.", "status": "RESOURCE_EXHAUSTED",
                  "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []},
                              {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "13s"}]}}"""));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> drain(backend.stream(ask("hi"))));
        assertEquals(Duration.ofSeconds(13), e.retryAfter().orElseThrow());
    }

    @Test
    void mapsStatus500ToServerError() {
        server.enqueue(error(500, "INTERNAL", "An internal error has occurred."));
        var e = assertThrows(ServerErrorException.class, () -> backend.chat(ask("hi")));
        assertTrue(e.getMessage().contains("An internal error has occurred."), e.getMessage());
    }

    @Test
    void mapsStatus503UnavailableToOverloaded() {
        server.enqueue(error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
        assertThrows(OverloadedException.class, () -> drain(backend.stream(ask("hi"))));
    }

    @Test
    void mapsTokenLimit400ToContextLengthExceeded() {
        server.enqueue(error(400, "INVALID_ARGUMENT",
                "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."));
        var e = assertThrows(ContextLengthExceededException.class, () -> backend.chat(ask("hi")));
        assertFalse(e.retryable());
    }

    @Test
    void mapsAnErrorEventMidStreamToItsFailure() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body(
                "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}],\"role\": \"model\"}}]}\n\n"
                        + "data: {\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": \"UNAVAILABLE\"}}\n\n"));
        assertThrows(OverloadedException.class, () -> drain(backend.stream(ask("hi"))));
        assertEquals(1, backend.usage().errors());
    }

    @Test
    void failsWithTransportWhenTheConnectionIsResetMidStream() {
        server.enqueue(Reply.recorded(getClass(), THINKING_SSE).resetAfter(5000));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertFalse(e.timeout());
        assertTrue(backend.usage().completionTokens() > 0, "what arrived before the reset is counted");
    }

    @Test
    void failsWithTransportWhenTheStreamEndsWithoutAFinishReason() throws Exception {
        byte[] recorded = getClass().getResourceAsStream(TEXT_SSE).readAllBytes();
        server.enqueue(Reply.ok().contentType("text/event-stream").body(java.util.Arrays.copyOf(recorded, 597)));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("finishReason"), e.getMessage());
    }

    @Test
    void failsWithTransportWhenTheBodyIsCutShort() {
        server.enqueue(Reply.recorded(getClass(), TEXT_SSE).truncateAfter(597));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().startsWith("backend 'review'"), e.getMessage());
    }

    @Test
    void failsWithTransportOnAMalformedChunk() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body("data: {\"candidates\": [{\"content\n\n"));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("malformed chunk"), e.getMessage());
    }

    @Test
    void timesOutWhenTheServerIsSlowerThanTheReadTimeout() {
        try (LLMBackend impatient = GeminiFixture.backend(server, "read_timeout", "300ms")) {
            server.enqueue(Reply.recorded(getClass(), "/wire/gemini-generate-text-langchaingo.json")
                    .delayFirstByte(Duration.ofSeconds(2)));
            var e = assertThrows(TransportException.class, () -> impatient.chat(ask("hi")));
            assertTrue(e.timeout(), e.getMessage());
        }
    }

    @Test
    void timesOutWhenTheStreamGoesSilent() {
        try (LLMBackend impatient = GeminiFixture.backend(server, "read_timeout", "300ms")) {
            server.enqueue(Reply.recorded(getClass(), THINKING_SSE).stallAfter(3000));
            var e = assertThrows(TransportException.class, () -> drain(impatient.stream(ask("hi"))));
            assertTrue(e.timeout(), e.getMessage());
        }
    }

    @Test
    void failsWithTransportWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LLMBackend nowhere = new GeminiBackendProvider().create("review", TestConfig.of("model", "gemini-2.5-pro",
                "api_key", GeminiFixture.KEY, "base_url", "http://127.0.0.1:" + port), TestConfig.context());
        var e = assertThrows(TransportException.class, () -> nowhere.chat(ask("hi")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        nowhere.close();
    }

    @Test
    void streamsFiftyMegabytesOfEventsWithoutHoldingThem() {
        String event = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + "x".repeat(1000)
                + "\"}],\"role\": \"model\"}}]}\n\n";
        int events = 50 * 1024 * 1024 / event.length();
        String last = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"!\"}],\"role\": \"model\"},"
                + "\"finishReason\": \"STOP\"}],\"usageMetadata\": {\"promptTokenCount\": 5,\"candidatesTokenCount\": 12000000}}\n\n";
        server.enqueue(Reply.ok().contentType("text/event-stream").bodyStream(() -> repeated(event, events, last)));
        AtomicLong chars = new AtomicLong();
        ChatChunk lastChunk = null;
        try (ChatStream s = GeminiFixture.backend(server, "read_timeout", "10s").stream(ask("hi"))) {
            for (ChatChunk c : s) {
                if (c instanceof ChatChunk.Text t) {
                    chars.addAndGet(t.delta().length());
                }
                lastChunk = c;
            }
        }
        assertEquals(1000L * events + 1, chars.get());
        assertEquals(FinishReason.STOP, ((ChatChunk.Done) lastChunk).finishReason());
    }

    @Test
    void refusesATwentyMegabyteLineInsteadOfHoldingIt() {
        server.enqueue(Reply.ok().contentType("text/event-stream").bodyStream(() -> new SequenceInputStream(
                stream("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \""),
                repeated("y".repeat(4096), 20 * 256, ""))));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void refusesANonStreamedBodyLargerThanTheCap() {
        server.enqueue(Reply.ok().contentType("application/json").bodyStream(() -> new SequenceInputStream(
                stream("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \""),
                repeated("z".repeat(4096), 40 * 256, "\"}]}}]}"))));
        var e = assertThrows(TransportException.class, () -> GeminiFixture.backend(server, "read_timeout", "10s")
                .chat(ask("hi")));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void raisesMalformedOutputForAMalformedFunctionCall() {
        server.enqueue(Reply.ok().contentType("application/json").body("""
                {"candidates": [{"content": {"parts": [], "role": "model"}, "finishReason": "MALFORMED_FUNCTION_CALL",
                  "finishMessage": "Malformed function call: print(default_api.f(x=))"}],
                 "usageMetadata": {"promptTokenCount": 40, "totalTokenCount": 40}}"""));
        var e = assertThrows(MalformedOutputException.class, () -> backend.chat(ask("hi")));
        assertTrue(e.getMessage().contains("malformed function call"), e.getMessage());
    }

    @Test
    void reportsABlockedPromptAsContentFilter() {
        server.enqueue(Reply.ok().contentType("application/json").body("""
                {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}}"""));
        assertEquals(FinishReason.CONTENT_FILTER, backend.chat(ask("hi")).finishReason());
    }

    @Test
    void countsWhatWasGeneratedWhenTheCallerClosesEarly() {
        server.enqueue(Reply.recorded(getClass(), THINKING_SSE));
        try (ChatStream s = backend.stream(ask("hi"))) {
            Iterator<ChatChunk> it = s.iterator();
            it.next();
            it.next();
        }
        UsageStats u = backend.usage();
        assertEquals(1, u.requests());
        assertEquals(34, u.promptTokens());
        assertTrue(u.completionTokens() > 0);
        assertTrue(u.estimated());
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        server.enqueue(Reply.recorded(getClass(), THINKING_SSE).stallAfter(2000));
        LLMBackend patient = GeminiFixture.backend(server, "read_timeout", "20s");
        ChatStream s = patient.stream(ask("hi"));
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            for (ChatChunk c : s) {
                n++;
            }
            return n;
        });
        Thread.sleep(300);
        s.close();
        assertTrue(reader.get(3, TimeUnit.SECONDS) >= 1);
        patient.close();
    }

    @Test
    void countsTokensWithTheApiWhenAskedAndFallsBackToTheEstimate() throws Exception {
        LLMBackend exact = GeminiFixture.backend(server, "exact_token_count", "true");
        List<Message> prompt = List.of(Message.system("Be brief."), Message.user("Count me, please."));
        server.enqueue(Reply.ok().contentType("application/json").body("{\"totalTokens\": 31}"));
        assertEquals(31, exact.countTokens(prompt));
        var req = server.takeRequest();
        assertEquals("/v1beta/models/gemini-2.5-pro:countTokens", req.path());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"generateContentRequest": {"model": "models/gemini-2.5-pro",
                  "systemInstruction": {"parts": [{"text": "Be brief."}]},
                  "contents": [{"role": "user", "parts": [{"text": "Count me, please."}]}]}}"""),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(req.bodyText()));
        assertEquals(31, exact.countTokens(prompt), "answered from the cache");
        server.enqueue(error(500, "INTERNAL", "oops"));
        List<Message> other = List.of(Message.user("x".repeat(400)));
        assertEquals(backend.countTokens(other), exact.countTokens(other));
        int asked = server.requests().size();
        assertEquals(backend.countTokens(other), exact.estimateTokens(other));
        assertEquals(asked, server.requests().size(), "an estimate asked the API");
        exact.close();
    }

    private static InputStream stream(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A body made on the fly: {@code times} copies of a piece, then a tail; never held whole. */
    private static InputStream repeated(String piece, int times, String tail) {
        byte[] p = piece.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int copy;
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                byte[] cur = copy < times ? p : copy == times ? t : null;
                if (cur == null) {
                    return -1;
                }
                if (pos == cur.length) {
                    copy++;
                    pos = 0;
                    return read(b, off, len);
                }
                int n = Math.min(len, cur.length - pos);
                System.arraycopy(cur, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
