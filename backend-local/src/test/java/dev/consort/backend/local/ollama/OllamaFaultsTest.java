package dev.consort.backend.local.ollama;

import static dev.consort.backend.local.ollama.OllamaFixture.ask;
import static dev.consort.backend.local.ollama.OllamaFixture.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.OverloadedException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults on the wire end in the right SPI failure type, and memory stays bounded. */
class OllamaFaultsTest {

    private static final String STREAM = "/wire/ollama-chat-stream-langchaingo.ndjson";

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        // Generous, so a loaded machine never trips it; the time-out tests use their own impatient backend.
        backend = OllamaFixture.backend(server, "read_timeout", "10s");
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private static Reply ndjson(String body) {
        return Reply.ok().contentType("application/x-ndjson").body(body);
    }

    private static String line(String content, boolean done) {
        return "{\"model\":\"gemma3:1b\",\"created_at\":\"2025-08-20T13:48:24.316155Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"done\":" + done + (done ? ",\"done_reason\":\"stop\",\"eval_count\":3" : "")
                + "}\n";
    }

    @Test
    void suggestsOllamaPullWhenTheModelIsMissing() {
        server.enqueue(Reply.status(404).contentType("application/json")
                .body("{\"error\":\"model 'gemma3:1b' not found\"}"));
        var e = assertThrows(InvalidRequestException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("ollama pull gemma3:1b"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void saysTheServerIsNotReachableWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LLMBackend nowhere = new OllamaBackendProvider().create("local", TestConfig.of("model", "gemma3:1b",
                "base_url", "http://127.0.0.1:" + port, "context_window", 4096), TestConfig.context());
        var e = assertThrows(TransportException.class, () -> nowhere.chat(ask("hi")));
        assertTrue(e.getMessage().contains("Ollama server at http://127.0.0.1:" + port + " is not reachable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ollama serve"), e.getMessage());
        nowhere.close();
    }

    @Test
    void mapsAnErrorLineMidStreamToAServerError() {
        server.enqueue(ndjson(line("Hel", false) + "{\"error\":\"an error was encountered while running the model\"}\n"));
        var e = assertThrows(ServerErrorException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("while running the model"), e.getMessage());
        assertEquals(1, backend.usage().errors());
    }

    @Test
    void mapsStatus500ToServerErrorAnd503ToOverloaded() {
        server.enqueue(Reply.status(500).contentType("application/json").body("{\"error\":\"llama runner process has terminated\"}"));
        assertThrows(ServerErrorException.class, () -> backend.chat(ask("hi")));
        server.enqueue(Reply.status(503).contentType("application/json").body("{\"error\":\"server busy\"}"));
        assertThrows(OverloadedException.class, () -> backend.chat(ask("hi")));
    }

    @Test
    void mapsStatus429WithRetryAfterToRateLimited() {
        server.enqueue(Reply.status(429).header("Retry-After", "3").contentType("application/json")
                .body("{\"error\":\"too many requests\"}"));
        var e = assertThrows(RateLimitedException.class, () -> backend.chat(ask("hi")));
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
    }

    @Test
    void failsWithTransportWhenTheStreamEndsWithoutItsDoneLine() {
        server.enqueue(ndjson(line("Hel", false) + line("lo", false)));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("\"done\""), e.getMessage());
    }

    @Test
    void failsWithTransportWhenTheBodyIsCutShort() {
        server.enqueue(Reply.recorded(getClass(), STREAM).truncateAfter(700));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().startsWith("backend 'local'"), e.getMessage());
    }

    @Test
    void failsWithTransportWhenTheConnectionIsResetMidStream() {
        server.enqueue(Reply.recorded(getClass(), STREAM).resetAfter(700));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertFalse(e.timeout());
    }

    @Test
    void failsWithTransportOnAMalformedLine() {
        server.enqueue(ndjson(line("Hel", false) + "{\"model\":\"gemma3:1b\",\"message\":{\n"));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("malformed chunk"), e.getMessage());
    }

    @Test
    void timesOutWhenTheServerIsSlowerThanTheReadTimeout() {
        try (LLMBackend impatient = OllamaFixture.backend(server, "read_timeout", "300ms")) {
            server.enqueue(Reply.recorded(getClass(), STREAM).delayFirstByte(Duration.ofSeconds(2)));
            var e = assertThrows(TransportException.class, () -> drain(impatient.stream(ask("hi"))));
            assertTrue(e.timeout(), e.getMessage());
        }
    }

    @Test
    void timesOutWhenTheStreamGoesSilent() {
        try (LLMBackend impatient = OllamaFixture.backend(server, "read_timeout", "300ms")) {
            server.enqueue(Reply.recorded(getClass(), STREAM).stallAfter(500));
            var e = assertThrows(TransportException.class, () -> drain(impatient.stream(ask("hi"))));
            assertTrue(e.timeout(), e.getMessage());
        }
    }

    @Test
    void streamsFiftyMegabytesOfLinesWithoutHoldingThem() {
        String piece = line("x".repeat(1000), false);
        int times = 50 * 1024 * 1024 / piece.length();
        server.enqueue(Reply.ok().contentType("application/x-ndjson")
                .bodyStream(() -> repeated(piece, times, line("", true))));
        AtomicLong chars = new AtomicLong();
        ChatChunk last = null;
        try (LLMBackend patient = OllamaFixture.backend(server, "read_timeout", "10s");
             ChatStream s = patient.stream(ask("hi"))) {
            for (ChatChunk c : s) {
                if (c instanceof ChatChunk.Text t) {
                    chars.addAndGet(t.delta().length());
                }
                last = c;
            }
        }
        assertEquals(1000L * times, chars.get());
        assertEquals(FinishReason.STOP, ((ChatChunk.Done) last).finishReason());
    }

    @Test
    void refusesATwentyMegabyteLineInsteadOfHoldingIt() {
        server.enqueue(Reply.ok().contentType("application/x-ndjson")
                .bodyStream(() -> repeated("z".repeat(4096), 20 * 256, "\n")));
        var e = assertThrows(TransportException.class, () -> drain(backend.stream(ask("hi"))));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void refusesANonStreamedBodyLargerThanTheCap() {
        server.enqueue(Reply.ok().contentType("application/json").bodyStream(() -> repeated("z".repeat(4096), 40 * 256, "")));
        try (LLMBackend patient = OllamaFixture.backend(server, "read_timeout", "10s")) {
            var e = assertThrows(TransportException.class, () -> patient.chat(ask("hi")));
            assertTrue(e.getMessage().contains("MiB"), e.getMessage());
        }
    }

    @Test
    void estimatesThePromptWhenOllamaServedItFromItsCache() {
        server.enqueue(ndjson(line("Hi", false) + line("", true)));
        ChatChunk.Done d = OllamaFixture.done(drain(backend.stream(ask("Say hi, please, in a friendly way."))));
        Usage u = d.usage();
        assertFalse(u.exact());
        assertEquals(3, u.completionTokens());
        assertTrue(u.promptTokens() > 0);
        assertTrue(backend.usage().estimated());
    }

    @Test
    void generatesStableIdsForToolCallsWithoutOne() {
        String body = "{\"model\":\"qwen3:4b\",\"created_at\":\"2025-08-20T13:48:24Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}},"
                + "{\"function\":{\"name\":\"add\",\"arguments\":{\"a\":3,\"b\":4}}}]},\"done\":false}\n"
                + "{\"model\":\"qwen3:4b\",\"created_at\":\"2025-08-20T13:48:25Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":50,\"eval_count\":20}\n";
        server.enqueue(ndjson(body));
        server.enqueue(ndjson(body));
        List<ChatChunk> first = drain(backend.stream(ask("add")));
        List<ChatChunk> again = drain(backend.stream(ask("add")));
        assertEquals(first, again);
        var calls = first.stream().filter(c -> c instanceof ChatChunk.ToolCallReady)
                .map(c -> ((ChatChunk.ToolCallReady) c).call()).toList();
        assertEquals(2, calls.size());
        assertEquals("{\"a\":1,\"b\":2}", calls.get(0).argumentsJson());
        assertTrue(calls.get(0).id().matches("call_[0-9a-f]{12}_0"), calls.get(0).id());
        assertFalse(calls.get(0).id().equals(calls.get(1).id()));
        assertEquals(FinishReason.TOOL_CALLS, OllamaFixture.done(first).finishReason());
    }

    @Test
    void countsWhatWasGeneratedWhenTheCallerClosesEarly() {
        server.enqueue(Reply.recorded(getClass(), STREAM));
        try (ChatStream s = backend.stream(ask("Count to five."))) {
            Iterator<ChatChunk> it = s.iterator();
            it.next();
            it.next();
        }
        UsageStats u = backend.usage();
        assertEquals(1, u.requests());
        assertTrue(u.completionTokens() > 0);
        assertTrue(u.estimated());
    }

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
