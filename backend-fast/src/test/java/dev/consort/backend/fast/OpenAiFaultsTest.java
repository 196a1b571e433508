package dev.consort.backend.fast;

import static dev.consort.backend.fast.OpenAiFixture.KEY;
import static dev.consort.backend.fast.OpenAiFixture.backend;
import static dev.consort.backend.fast.OpenAiFixture.bytes;
import static dev.consort.backend.fast.OpenAiFixture.chunks;
import static dev.consort.backend.fast.OpenAiFixture.hello;
import static dev.consort.backend.fast.OpenAiFixture.recorded;
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
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiFaultsTest {

    private static final String TEXT_STREAM = "openai-chat-stream-text-langchaingo.sse";

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        // Generous, so a loaded machine never trips it; the time-out tests use their own impatient backend.
        backend = backend(server, "read_timeout", "10s");
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private static Reply error(int status, String body) {
        return Reply.status(status).contentType("application/json").body(body);
    }

    private static String openAiError(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }

    private <T extends BackendException> T failsBothWays(Class<T> type, Reply reply) {
        server.enqueue(reply);
        T viaChat = assertThrows(type, () -> backend.chat(hello()));
        server.enqueue(reply);
        T viaStream = assertThrows(type, () -> chunks(backend, hello()));
        assertEquals(viaChat.getMessage(), viaStream.getMessage());
        assertFalse(viaChat.getMessage().contains(KEY), viaChat.getMessage());
        assertFalse(viaChat.getMessage().contains("\n"), viaChat.getMessage());
        assertTrue(viaChat.getMessage().startsWith("backend 'fast': "), viaChat.getMessage());
        return viaChat;
    }

    @Test
    void mapsStatus429WithRetryAfterToRateLimited() {
        RateLimitedException e = failsBothWays(RateLimitedException.class,
                error(429, openAiError("Rate limit reached for requests", "requests", "rate_limit_exceeded"))
                        .header("Retry-After", "2"));
        assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
        assertEquals(429, e.httpStatus());
        assertTrue(e.retryable());
    }

    @Test
    void prefersRetryAfterMillisecondsToSeconds() {
        RateLimitedException e = failsBothWays(RateLimitedException.class,
                error(429, openAiError("slow down", "requests", "rate_limit_exceeded"))
                        .header("retry-after-ms", "1500").header("Retry-After", "9"));
        assertEquals(Duration.ofMillis(1500), e.retryAfter().orElseThrow());
    }

    @Test
    void readsTheResetOfTheExhaustedLimitFromGoDurations() {
        RateLimitedException tokens = failsBothWays(RateLimitedException.class,
                error(429, openAiError("Rate limit reached for tokens", "tokens", "rate_limit_exceeded"))
                        .header("x-ratelimit-remaining-requests", "499").header("x-ratelimit-reset-requests", "120ms")
                        .header("x-ratelimit-remaining-tokens", "0").header("x-ratelimit-reset-tokens", "6m0s"));
        assertEquals(Duration.ofMinutes(6), tokens.retryAfter().orElseThrow());
        RateLimitedException either = failsBothWays(RateLimitedException.class,
                error(429, openAiError("Rate limit reached", "requests", "rate_limit_exceeded"))
                        .header("x-ratelimit-reset-requests", "1s").header("x-ratelimit-reset-tokens", "20ms"));
        assertEquals(Duration.ofSeconds(1), either.retryAfter().orElseThrow());
    }

    @Test
    void mapsAnExhaustedQuotaToAFailureThatRetryingCannotFix() {
        AuthenticationException e = failsBothWays(AuthenticationException.class, error(429, openAiError(
                "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota",
                "insufficient_quota")));
        assertFalse(e.retryable());
        assertTrue(e.fallbackMayHelp());
    }

    @Test
    void mapsStatus500ToServerErrorAnd503And529ToOverloaded() {
        ServerErrorException e500 = failsBothWays(ServerErrorException.class, error(500, openAiError(
                "The server had an error while processing your request. Sorry about that!", "server_error", null)));
        assertTrue(e500.getMessage().contains("HTTP 500: The server had an error"), e500.getMessage());
        assertTrue(e500.retryable());
        failsBothWays(OverloadedException.class, error(503, openAiError(
                "The engine is currently overloaded, please try again later", "server_error", null)));
        failsBothWays(OverloadedException.class, Reply.status(529).contentType("text/plain").body("overloaded"));
        failsBothWays(ServerErrorException.class, Reply.status(502).contentType("text/html")
                .body("<html>\n<body>Bad gateway</body>\n</html>"));
    }

    @Test
    void mapsStatus401And403ToAuthenticationWithoutEchoingTheKey() {
        AuthenticationException e = failsBothWays(AuthenticationException.class, error(401, openAiError(
                "Incorrect API key provided: " + KEY + ". You can find your API key at "
                        + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")));
        assertTrue(e.getMessage().contains("check the API key"), e.getMessage());
        assertFalse(e.retryable());
        failsBothWays(AuthenticationException.class, error(403, openAiError(
                "Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory")));
    }

    @Test
    void mapsStatus404ToInvalidRequestNamingTheModelSetting() {
        InvalidRequestException e = failsBothWays(InvalidRequestException.class, error(404, openAiError(
                "The model `gpt-4o-mini` does not exist or you do not have access to it.", "invalid_request_error",
                "model_not_found")));
        assertTrue(e.getMessage().contains("check `model` ('gpt-4o-mini')"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void mapsContextLengthExceededFromItsCodeAndFromCompatibleServersWording() {
        ContextLengthExceededException openai = failsBothWays(ContextLengthExceededException.class, error(400,
                openAiError("This model's maximum context length is 128000 tokens. However, your messages resulted "
                        + "in 130000 tokens. Please reduce the length of the messages.", "invalid_request_error",
                        "context_length_exceeded")));
        assertEquals(400, openai.httpStatus());
        // vLLM's shape: a top-level message, no code
        failsBothWays(ContextLengthExceededException.class, error(400, "{\"object\":\"error\",\"message\":\"This "
                + "model's maximum context length is 4096 tokens. However, you requested 5000 tokens.\","
                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
        // llama.cpp server's shape
        failsBothWays(ContextLengthExceededException.class, error(400, "{\"error\":{\"code\":400,\"message\":"
                + "\"the request exceeds the available context size, try increasing it\","
                + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5000,\"n_ctx\":4096}}"));
    }

    @Test
    void mapsOtherBadRequestsToInvalidRequest() {
        InvalidRequestException e = failsBothWays(InvalidRequestException.class, error(400, openAiError(
                "Invalid schema for function 'x': schema must be a JSON Schema of 'type: \\\"object\\\"'.",
                "invalid_request_error", "invalid_function_parameters")));
        assertFalse(e.fallbackMayHelp() && e.retryable());
        failsBothWays(InvalidRequestException.class, error(422, "{\"detail\":[{\"loc\":[\"body\",\"messages\"],"
                + "\"msg\":\"field required\"}]}"));
    }

    @Test
    void aConnectionResetMidStreamIsATransportFailure() {
        int half = bytes(TEXT_STREAM).length / 2;
        // Pieces with pauses, so what came before the reset is read before the reset discards the rest.
        server.enqueue(recorded(TEXT_STREAM).splitEvery(1000).delayBetweenPieces(Duration.ofMillis(5))
                .resetAfter(half));
        List<ChatChunk> seen = new ArrayList<>();
        TransportException e = assertThrows(TransportException.class, () -> {
            try (ChatStream s = backend.stream(hello())) {
                s.forEach(seen::add);
            }
        });
        assertFalse(e.timeout());
        assertFalse(seen.isEmpty(), "chunks before the reset were delivered");
        assertTrue(seen.stream().noneMatch(c -> c instanceof ChatChunk.Done));
        assertEquals(1, backend.usage().errors());
        assertTrue(backend.usage().completionTokens() > 0, "what came before the reset is counted");
    }

    @Test
    void aStreamCutCleanlyBeforeItsTerminatorIsATransportFailure() {
        byte[] whole = bytes(TEXT_STREAM);
        server.enqueue(recorded(TEXT_STREAM).truncateAfter(whole.length - 30));
        assertThrows(TransportException.class, () -> chunks(backend, hello()));
        String withoutDone = new String(whole, StandardCharsets.UTF_8).replace("data: [DONE]", "");
        server.enqueue(Reply.ok().contentType("text/event-stream").body(withoutDone));
        TransportException e = assertThrows(TransportException.class, () -> chunks(backend, hello()));
        assertTrue(e.getMessage().contains("[DONE]"), e.getMessage());
    }

    @Test
    void anInvalidJsonEventIsAMalformedChunk() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body("data: {\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"choices\":[{\"ind\n\ndata: [DONE]\n\n"));
        List<ChatChunk> seen = new ArrayList<>();
        TransportException e = assertThrows(TransportException.class, () -> {
            try (ChatStream s = backend.stream(hello())) {
                s.forEach(seen::add);
            }
        });
        assertTrue(e.getMessage().contains("malformed chunk"), e.getMessage());
        assertEquals(List.of(new ChatChunk.Text("Hi")), seen);
        server.enqueue(Reply.ok().contentType("application/json").body("{\"id\":\"x\",\"choices\":[{"));
        assertThrows(TransportException.class, () -> backend.chat(hello()));
    }

    @Test
    void anErrorObjectInsideTheStreamIsTheFailureItDescribes() {
        String chunk = "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Par\"},\"finish_reason\":null}]}\n\n";
        server.enqueue(Reply.ok().contentType("text/event-stream").body(chunk + "data: {\"id\":\"gen-1\","
                + "\"object\":\"chat.completion.chunk\",\"error\":{\"code\":502,\"message\":\"Provider returned error\"},"
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n"));
        ServerErrorException e = assertThrows(ServerErrorException.class, () -> chunks(backend, hello()));
        assertTrue(e.getMessage().contains("Provider returned error"), e.getMessage());
        server.enqueue(Reply.ok().contentType("text/event-stream").body(chunk
                + "data: {\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Too many requests\"}}\n\n"));
        assertThrows(RateLimitedException.class, () -> chunks(backend, hello()));
        server.enqueue(Reply.ok().contentType("text/event-stream").body(chunk
                + "data: {\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"too long\"}}\n\n"));
        assertThrows(ContextLengthExceededException.class, () -> chunks(backend, hello()));
        server.enqueue(Reply.ok().contentType("application/json")
                .body("{\"error\":{\"code\":503,\"message\":\"No provider available\"}}"));
        assertThrows(OverloadedException.class, () -> backend.chat(hello()));
    }

    @Test
    void aServerSlowerThanTheReadTimeOutIsATimeOut() {
        try (LLMBackend impatient = backend(server, "read_timeout", "300ms")) {
            server.enqueue(recorded(TEXT_STREAM).delayFirstByte(Duration.ofSeconds(2)));
            TransportException headers = assertThrows(TransportException.class, () -> impatient.chat(hello()));
            assertTrue(headers.timeout(), headers.getMessage());
            server.enqueue(recorded(TEXT_STREAM).stallAfter(2000));
            TransportException body = assertThrows(TransportException.class, () -> chunks(impatient, hello()));
            assertTrue(body.timeout(), body.getMessage());
        }
    }

    @Test
    void anUnreachableServerIsATransportFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (LLMBackend closed = backend(server, "base_url", "http://127.0.0.1:" + port + "/v1")) {
            TransportException e = assertThrows(TransportException.class, () -> closed.chat(hello()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void closingMidStreamFromAnotherThreadEndsItQuicklyAndCountsWhatCame() throws Exception {
        try (LLMBackend patient = backend(server, "read_timeout", "30s")) {
            server.enqueue(recorded(TEXT_STREAM).stallAfter(3000));
            ChatStream stream = patient.stream(hello());
            Iterator<ChatChunk> it = stream.iterator();
            assertInstanceOf(ChatChunk.Text.class, it.next());
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
                return n;
            });
            Thread.sleep(200);
            long start = System.nanoTime();
            stream.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "close() returned promptly");
            reader.get(2, TimeUnit.SECONDS);
            assertEquals(1, patient.usage().requests());
            assertEquals(0, patient.usage().errors());
            assertTrue(patient.usage().completionTokens() > 0);
            assertTrue(patient.usage().estimated());
            stream.close();
        }
    }

    @Test
    void closingAfterAFewChunksCountsTheTextReceived() {
        server.enqueue(recorded(TEXT_STREAM));
        try (ChatStream s = backend.stream(hello())) {
            Iterator<ChatChunk> it = s.iterator();
            for (int i = 0; i < 5; i++) {
                it.next();
            }
        }
        assertEquals(1, backend.usage().requests());
        assertTrue(backend.usage().completionTokens() >= 3, backend.usage().toString());
        assertTrue(backend.usage().promptTokens() > 0, backend.usage().toString());
        assertFalse(((OpenAiBackend) backend).vocabularyLoaded(), "a cut-off stream was counted, not estimated");
    }

    @Test
    void aFiftyMegabyteStreamOfValidEventsIsReadWithoutHoldingIt() {
        String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "lorem ipsum dolor sit amet ".repeat(150)
                + "\"},\"finish_reason\":null}]}\n\n";
        long events = 50L * 1024 * 1024 / event.length();
        server.enqueue(Reply.ok().contentType("text/event-stream").bodyStream(() -> new RepeatingStream(
                event.getBytes(StandardCharsets.US_ASCII), events,
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n"
                        .getBytes(StandardCharsets.US_ASCII))));
        long baseline = usedHeapAfterGc();
        AtomicLong chars = new AtomicLong();
        long retained = 0;
        ChatChunk last = null;
        try (ChatStream s = backend.stream(hello())) {
            for (ChatChunk c : s) {
                if (c instanceof ChatChunk.Text t && chars.addAndGet(t.delta().length()) > 45L * 1024 * 1024
                        && retained == 0) {
                    retained = usedHeapAfterGc() - baseline;
                }
                last = c;
            }
        }
        assertEquals(events * 150 * 27, chars.get());
        assertEquals(FinishReason.LENGTH, ((ChatChunk.Done) last).finishReason());
        assertTrue(retained < 24L * 1024 * 1024, "heap grew by " + (retained >> 20) + " MiB while streaming");
    }

    @Test
    void aHugeSingleLineOrBodyFailsWithoutBeingHeld() {
        byte[] line = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "y".repeat(20 * 1024 * 1024)
                + "\"}}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.US_ASCII);
        server.enqueue(Reply.ok().contentType("text/event-stream").bodyStream(() -> new java.io.ByteArrayInputStream(line)));
        assertThrows(TransportException.class, () -> chunks(backend, hello()));
        server.enqueue(Reply.ok().contentType("application/json").bodyStream(() -> new RepeatingStream(
                " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII), 600, new byte[0])));
        TransportException e = assertThrows(TransportException.class, () -> backend.chat(hello()));
        assertTrue(e.getMessage().contains("larger than 32 MiB"), e.getMessage());
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A body made on the fly: one piece repeated, then a tail; nothing is held. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] piece;
        private final byte[] tail;
        private long left;
        private int pos;
        private boolean inTail;

        RepeatingStream(byte[] piece, long times, byte[] tail) {
            this.piece = piece;
            this.tail = tail;
            this.left = times;
            this.inTail = times == 0;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] src = inTail ? tail : piece;
            if (pos == src.length) {
                if (inTail) {
                    return -1;
                }
                pos = 0;
                if (--left == 0) {
                    inTail = true;
                    src = tail;
                    if (src.length == 0) {
                        return -1;
                    }
                }
            }
            int n = Math.min(len, src.length - pos);
            System.arraycopy(src, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
