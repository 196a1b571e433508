package dev.consort.backend.fast;

import static dev.consort.backend.fast.OpenAiFixture.JSON;
import static dev.consort.backend.fast.OpenAiFixture.backend;
import static dev.consort.backend.fast.OpenAiFixture.bytes;
import static dev.consort.backend.fast.OpenAiFixture.chunks;
import static dev.consort.backend.fast.OpenAiFixture.hello;
import static dev.consort.backend.fast.OpenAiFixture.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.testkit.ReplayServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code openai} stream's {@link ChatStream#ready()}: true while what is left is already buffered,
 * false while the server holds the next event back, never a blocking read, a failure it finds thrown by
 * the next {@code next()}, and no change to the chunks.
 */
class OpenAiStreamReadyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String USAGE = "openai-chat-stream-usage-langchaingo.sse";

    /** What the backend makes of a recording served whole, ready() never asked. */
    private static List<ChatChunk> reference(String recording) {
        try (ReplayServer server = ReplayServer.start(); LLMBackend b = backend(server)) {
            server.enqueue(recorded(recording));
            List<ChatChunk> whole = chunks(b, hello());
            assertInstanceOf(ChatChunk.Done.class, whole.getLast());
            return whole;
        }
    }

    // ---- ready while buffered, not while held back --------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {USAGE, "openai-chat-stream-toolcall-pydantic-ai.sse",
            "openai-chat-stream-toolcall-parallel-pydantic-ai.sse", "openai-chat-stream-text-after-tool-pydantic-ai.sse",
            "openaicompat-openrouter-stream-comment-langchaingo.sse"})
    void readyAllTheWayOnceTheWholeBodyIsBuffered(String recording) {
        byte[] body = bytes(recording);
        assertTrue(body.length < 8192, "the whole body fits one read of the line reader");
        List<ChatChunk> expected = reference(recording);
        try (GatedServer server = GatedServer.start(); LLMBackend b = backend(server.baseUrl())) {
            server.enqueue().send(body).end();
            List<ChatChunk> got = assertTimeoutPreemptively(PATIENCE, () -> {
                List<ChatChunk> out = new ArrayList<>();
                try (ChatStream s = b.stream(hello())) {
                    Iterator<ChatChunk> it = s.iterator();
                    out.add(it.next());
                    while (true) {
                        assertTrue(s.ready(), "not ready after " + out.size() + " chunks with the rest buffered");
                        if (!it.hasNext()) {
                            break;
                        }
                        out.add(it.next());
                    }
                    assertTrue(s.ready(), "an ended stream is ready: its hasNext returns at once");
                }
                return out;
            });
            assertEquals(expected, got);
        }
    }

    /** Where the body is cut: right after an event, inside an event's data, inside the blank line's pair. */
    @ParameterizedTest
    @ValueSource(strings = {"boundary", "mid-event", "between-the-two-line-feeds"})
    void notReadyWhileTheServerHoldsTheNextEventBackThenTheSameChunks(String where) {
        byte[] body = bytes(USAGE);
        int events = 6;
        int boundary = indexAfterEvents(body, events);
        int cut = switch (where) {
            case "boundary" -> boundary;
            case "mid-event" -> boundary + 40;
            default -> boundary - 1;
        };
        int whole = where.equals("between-the-two-line-feeds") ? events - 1 : events;
        byte[] first = Arrays.copyOfRange(body, 0, cut);
        byte[] rest = Arrays.copyOfRange(body, cut, body.length);
        int expectedFirst = contentEvents(new String(Arrays.copyOfRange(body, 0, indexAfterEvents(body, whole)),
                StandardCharsets.UTF_8));
        assertTrue(expectedFirst >= 3, "the first part makes chunks: " + expectedFirst);
        List<ChatChunk> expected = reference(USAGE);
        try (GatedServer server = GatedServer.start(); LLMBackend b = backend(server.baseUrl())) {
            GatedServer.Exchange exchange = server.enqueue().send(first);
            List<ChatChunk> got = assertTimeoutPreemptively(PATIENCE, () -> {
                List<ChatChunk> out = new ArrayList<>();
                try (ChatStream s = b.stream(hello())) {
                    Iterator<ChatChunk> it = s.iterator();
                    out.add(it.next());
                    while (s.ready()) {
                        assertTrue(it.hasNext());
                        out.add(it.next());
                    }
                    // Had ready() said true once too often, hasNext would have blocked: the rest is held back.
                    assertEquals(expectedFirst, out.size(), "chunks read while ready, of the events the server sent");
                    assertFalse(s.ready(), "asking again");
                    assertFalse(s.ready());
                    exchange.send(rest).end();
                    while (it.hasNext()) {
                        out.add(it.next());
                        s.ready();
                    }
                }
                return out;
            });
            assertEquals(expected, got, "cut " + where);
        }
    }

    @Test
    void notReadyBeforeTheFirstByteOfTheBodyAndReadyOnceClosed() {
        try (GatedServer server = GatedServer.start(); LLMBackend b = backend(server.baseUrl())) {
            // The head goes with the first piece: a comment, so the body has begun but holds no event.
            GatedServer.Exchange exchange = server.enqueue().send(": keep-alive\n\n");
            assertTimeoutPreemptively(PATIENCE, () -> {
                try (ChatStream s = b.stream(hello())) {
                    assertFalse(s.ready(), "nothing of the body was read yet");
                    exchange.send("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n");
                    Iterator<ChatChunk> it = s.iterator();
                    assertEquals(new ChatChunk.Text("Hi"), it.next());
                    assertFalse(s.ready());
                    s.close();
                    assertTrue(s.ready(), "a closed stream's hasNext returns at once");
                    assertFalse(it.hasNext());
                }
            });
        }
    }

    // ---- a failure found by ready() -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"oops\"\n\n",
            "data: [1, 2]\n\n",
            "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n",
            "data: {\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"error\"}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\","
                    + "\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n"})
    void aFailureFoundByReadyIsThrownByTheNextNextNotByReady(String bad) {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n" + bad
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"never\"}}]}\n\ndata: [DONE]\n\n";
        try (GatedServer server = GatedServer.start(); LLMBackend plain = backend(server.baseUrl());
             LLMBackend asked = backend(server.baseUrl())) {
            server.enqueue().send(body).end();
            server.enqueue().send(body).end();
            assertTimeoutPreemptively(PATIENCE, () -> {
                BackendException without;
                try (ChatStream s = plain.stream(hello())) {
                    Iterator<ChatChunk> it = s.iterator();
                    assertEquals(new ChatChunk.Text("Hel"), it.next());
                    without = assertThrows(BackendException.class, it::hasNext);
                }
                BackendException with;
                try (ChatStream s = asked.stream(hello())) {
                    Iterator<ChatChunk> it = s.iterator();
                    assertEquals(new ChatChunk.Text("Hel"), it.next());
                    assertTrue(s.ready(), "the failure is here: next() throws it without waiting");
                    assertTrue(s.ready(), "asking again neither throws nor loses it");
                    with = assertThrows(BackendException.class, it::hasNext);
                    assertFalse(it.hasNext(), "thrown once, then the stream has ended");
                    assertTrue(s.ready());
                }
                assertEquals(without.getClass(), with.getClass());
                assertEquals(without.getMessage(), with.getMessage());
                assertEquals(without.retryable(), with.retryable());
                UsageStats a = plain.usage();
                UsageStats b = asked.usage();
                assertEquals(a.requests(), b.requests());
                assertEquals(a.errors(), b.errors(), "the failure is counted once, as without ready()");
                assertEquals(1, b.errors());
            });
        }
    }

    @Test
    void aCutConnectionIsStillFoundByNextNotReady() {
        try (GatedServer server = GatedServer.start(); LLMBackend b = backend(server.baseUrl())) {
            server.enqueue().send("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n").end();
            assertTimeoutPreemptively(PATIENCE, () -> {
                try (ChatStream s = b.stream(hello())) {
                    Iterator<ChatChunk> it = s.iterator();
                    assertEquals(new ChatChunk.Text("Hel"), it.next());
                    assertFalse(s.ready(), "the end of the body has not been read: it may yet bring events");
                    BackendException e = assertThrows(BackendException.class, it::hasNext);
                    assertTrue(e.getMessage().contains("[DONE]"), e.getMessage());
                }
            });
        }
    }

    // ---- ready() changes nothing --------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"openai-chat-stream-text-langchaingo.sse", USAGE,
            "openai-chat-stream-toolcall-pydantic-ai.sse", "openai-chat-stream-toolcall-parallel-pydantic-ai.sse",
            "openai-chat-stream-toolcall-longargs-pydantic-ai.sse", "openai-chat-stream-text-after-tool-pydantic-ai.sse",
            "openaicompat-openrouter-stream-comment-langchaingo.sse"})
    void theChunksAreTheSameWithReadyAskedBetweenThem(String recording) {
        List<ChatChunk> expected = reference(recording);
        try (ReplayServer server = ReplayServer.start(); LLMBackend b = backend(server)) {
            for (long seed = 1; seed <= 3; seed++) {
                server.enqueue(seed == 3 ? recorded(recording) : recorded(recording).splitRandomly(seed));
                assertEquals(expected, askingReady(b, new Random(seed)), "split with seed " + seed);
            }
            server.enqueue(recorded(recording).splitEvery(7));
            assertEquals(expected, askingReady(b, new Random(9)), "split every 7 bytes");
            UsageStats u = b.usage();
            assertEquals(4, u.requests());
            assertEquals(0, u.errors());
        }
    }

    /** Every chunk, asking ready() zero to three times before each hasNext(). */
    private static List<ChatChunk> askingReady(LLMBackend b, Random random) {
        List<ChatChunk> out = new ArrayList<>();
        try (ChatStream s = b.stream(hello())) {
            Iterator<ChatChunk> it = s.iterator();
            while (true) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    s.ready();
                }
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The offset just after the n-th event (its blank line) of an LF-ended body. */
    private static int indexAfterEvents(byte[] body, int n) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = 0;
        for (int i = 0; i < n; i++) {
            at = text.indexOf("\n\n", at) + 2;
            assertTrue(at > 1, "the body has " + n + " events");
        }
        return at;
    }

    /** How many data events of an OpenAI body carry non-empty text: one Text chunk each. */
    private static int contentEvents(String text) {
        int n = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                try {
                    JsonNode content = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
                    if (content.isTextual() && !content.asText().isEmpty()) {
                        n++;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return n;
    }
}
