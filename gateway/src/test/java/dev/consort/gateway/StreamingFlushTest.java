package dev.consort.gateway;

import static dev.consort.gateway.ChatCompletionsTest.events;
import static dev.consort.gateway.ChatCompletionsTest.request;
import static dev.consort.gateway.PacedBackend.after;
import static dev.consort.gateway.PacedBackend.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a stream is flushed to the client: chunks that came together go out together, but nothing the
 * client could have is held back while the backend is slow to produce the next chunk.
 */
class StreamingFlushTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the backend waits for the client to get a chunk before it calls it held back. */
    private static final Duration PATIENCE = Duration.ofSeconds(3);
    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"additionalProperties\":false}}}]";

    @TempDir
    Path dir;

    private static ChatChunk.Text text(String t) {
        return new ChatChunk.Text(t);
    }

    private static ChatChunk.Done done(FinishReason reason) {
        return new ChatChunk.Done(reason, Usage.exact(5, 4), "paced-model");
    }

    private static CountDownLatch[] latches(int n) {
        CountDownLatch[] out = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            out[i] = new CountDownLatch(1);
        }
        return out;
    }

    /**
     * Streams a request and opens {@code received[k]} as soon as the client has read the text "c{k}";
     * returns the data of every event, [DONE] included.
     */
    private static List<String> streamAndSignal(Served s, String body, CountDownLatch[] received) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(s.uri("/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<Stream<String>> response = s.http.send(r, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            lines.filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).forEach(d -> {
                data.add(d);
                if (!d.equals("[DONE]")) {
                    String content = readTree(d).at("/choices/0/delta/content").asText("");
                    if (content.matches("c\\d+")) {
                        received[Integer.parseInt(content.substring(1))].countDown();
                    }
                }
            });
        }
        return data;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> texts(List<String> data) {
        List<String> out = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            String content = readTree(d).at("/choices/0/delta/content").asText("");
            if (!content.isEmpty()) {
                out.add(content);
            }
        }
        return out;
    }

    // ---- a slow backend: every chunk reaches the client before the backend makes the next ----------

    @Test
    void aSlowBackendsChunksEachReachTheClientBeforeItProducesTheNext() throws Exception {
        CountDownLatch[] got = latches(4);
        PacedBackend slow = new PacedBackend("slow", true, PATIENCE, List.of(
                now(text("c0")), after(got[0], text("c1")), after(got[1], text("c2")), after(got[2], text("c3")),
                after(got[3], done(FinishReason.STOP))));
        try (Served s = new Served(dir, "", slow)) {
            List<String> data = streamAndSignal(s, request("slow", true, ""), got);
            assertEquals(List.of(), slow.heldBack, "chunks the client never got while the backend waited");
            assertEquals(List.of("c0", "c1", "c2", "c3"), texts(data));
            assertEquals("[DONE]", data.getLast());
        }
    }

    @Test
    void aUsageUpdateThatComesWithAChunkDoesNotHoldThatChunkBack() throws Exception {
        // As from a server that reports usage in every chunk: each text comes with an update, and
        // the next text only once the client has the last one.
        CountDownLatch[] got = latches(3);
        Usage u = Usage.exact(5, 1);
        PacedBackend slow = new PacedBackend("slow", true, PATIENCE, List.of(
                now(text("c0")), now(new ChatChunk.UsageUpdate(u)),
                after(got[0], text("c1")), now(new ChatChunk.UsageUpdate(u)),
                after(got[1], text("c2")), now(new ChatChunk.UsageUpdate(u)),
                after(got[2], done(FinishReason.STOP))));
        try (Served s = new Served(dir, "", slow)) {
            List<String> data = streamAndSignal(s, request("slow", true, ",\"stream_options\":{\"include_usage\":true}"), got);
            assertEquals(List.of(), slow.heldBack, "chunks the client never got while the backend waited");
            assertEquals(List.of("c0", "c1", "c2"), texts(data));
            assertEquals("[DONE]", data.getLast());
        }
    }

    @Test
    void aRegenerationDoesNotHoldTheTextBeforeItBack() throws Exception {
        // The first answer's tool call breaks the tool's schema: the orchestrator regenerates it with a
        // second call, which answers only once the client has the first answer's last text.
        CountDownLatch[] got = latches(3);
        PacedBackend slow = new PacedBackend("slow", true, PATIENCE,
                List.of(now(text("c0")), after(got[0], text("c1")),
                        now(new ChatChunk.ToolCallReady(new ToolCall("call_1", "get_weather", "{\"city\":5}"))),
                        now(done(FinishReason.TOOL_CALLS))),
                List.of(after(got[1], text("c2")),
                        now(new ChatChunk.ToolCallReady(new ToolCall("call_2", "get_weather", "{\"city\":\"Paris\"}"))),
                        now(done(FinishReason.TOOL_CALLS))));
        try (Served s = new Served(dir, "", slow)) {
            List<String> data = streamAndSignal(s, request("slow", true, TOOLS), got);
            assertEquals(2, slow.calls(), "the answer was regenerated");
            assertEquals(List.of(), slow.heldBack, "chunks the client never got while the backend waited");
            assertEquals(List.of("c0", "c1", "c2"), texts(data));
            assertEquals("Paris", readTree(readTree(data.get(3)).at("/choices/0/delta/tool_calls/0/function/arguments")
                    .asText()).path("city").asText(), data.toString());
            assertEquals("[DONE]", data.getLast());
        }
    }

    @Test
    void aRealOpenAiUpstreamThatReportsUsageInEveryChunkIsRelayedChunkByChunk() throws Exception {
        // As vLLM does with continuous_usage_stats: every event carries its text and the usage so far. The
        // upstream sends each event only once the gateway's client has the text of the one before.
        int n = 4;
        CountDownLatch[] got = latches(n);
        List<String> heldBack = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket upstream = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket c = upstream.accept()) {
                    InputStream in = c.getInputStream();
                    long length = 0;
                    for (String h; !(h = line(in)).isEmpty(); ) {
                        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Long.parseLong(h.substring(15).trim());
                        }
                    }
                    in.readNBytes((int) length);
                    OutputStream out = c.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + httpChunk(usageEvent(0, n))).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    for (int k = 1; k < n; k++) {
                        if (!got[k - 1].await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                            heldBack.add("c" + (k - 1));
                        }
                        out.write(httpChunk(usageEvent(k, n)).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    if (!got[n - 1].await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        heldBack.add("c" + (n - 1));
                    }
                    out.write((httpChunk("data: [DONE]\n\n") + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    heldBack.add("upstream failed: " + e);
                }
            });
            String config = """
                    backends:
                      fast: { type: openai, model: gpt-4o-mini, base_url: "http://127.0.0.1:%d/v1", api_key: sk-upstream }
                    routing:
                      retry: { attempts: 1 }
                    """.formatted(upstream.getLocalPort());
            try (Served s = new Served(dir, config, "")) {
                List<String> data = streamAndSignal(s, request("fast", true, ",\"stream_options\":{\"include_usage\":true}"), got);
                server.join(PATIENCE.toMillis() * (n + 1));
                assertEquals(List.of(), heldBack, "texts the client never got while the upstream waited");
                assertEquals(List.of("c0", "c1", "c2", "c3"), texts(data));
                assertEquals(4, readTree(data.get(data.size() - 2)).at("/usage/completion_tokens").asInt(), data.toString());
                assertEquals("[DONE]", data.getLast());
            }
        }
    }

    private static String usageEvent(int k, int n) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{"
                + "\"index\":0,\"delta\":{\"content\":\"c" + k + "\"},\"finish_reason\":" + (k == n - 1 ? "\"stop\"" : "null")
                + "}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + (k + 1) + ",\"total_tokens\":" + (k + 6) + "}}\n\n";
    }

    private static String httpChunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    // ---- a fast backend: the same body as when every chunk was flushed alone ------------------------

    private static List<PacedBackend.Step> everythingAtOnce() {
        return List.of(now(new ChatChunk.Reasoning("thinking ")), now(text("Hel")), now(new ChatChunk.UsageUpdate(Usage.exact(5, 1))),
                now(text("lo")), now(text(" there")), now(new ChatChunk.ToolCallReady(new ToolCall("call_1", "get_weather",
                        "{\"city\":\"Paris\"}"))), now(done(FinishReason.TOOL_CALLS)));
    }

    /** The body with what differs between any two responses (id, creation time) made constant. */
    static String normalized(String body) {
        return body.replaceAll("chatcmpl-[0-9a-f]+", "chatcmpl-ID").replaceAll("\"created\":\\d+", "\"created\":0");
    }

    @Test
    void chunksThatAreAllHereAtOnceMakeTheSameBodyAsChunksFlushedOneByOne() throws Exception {
        String body = request("fast", true, TOOLS + ",\"stream_options\":{\"include_usage\":true}");
        String hinted;
        String plain;
        try (Served s = new Served(dir.resolve("hinted"), "", new PacedBackend("fast", true, PATIENCE, everythingAtOnce()))) {
            HttpResponse<String> r = s.post("/v1/chat/completions", body);
            assertEquals(200, r.statusCode(), r.body());
            hinted = r.body();
        }
        try (Served s = new Served(dir.resolve("plain"), "", new PacedBackend("fast", false, PATIENCE, everythingAtOnce()))) {
            HttpResponse<String> r = s.post("/v1/chat/completions", body);
            assertEquals(200, r.statusCode(), r.body());
            plain = r.body();
        }
        assertEquals(normalized(plain), normalized(hinted));
        assertTrue(hinted.endsWith("data: [DONE]\n\n"), hinted);
        List<String> events = events(hinted);
        assertEquals(8, events.size(), hinted);
        assertEquals("thinking ", readTree(events.get(0)).at("/choices/0/delta/reasoning_content").asText(), hinted);
        assertEquals("Hel", readTree(events.get(1)).at("/choices/0/delta/content").asText());
    }

    @Test
    void chunksThatAreAllHereAtOnceGoOutInFewerWrites() throws Exception {
        String body = request("fast", true, TOOLS);
        List<String> hinted;
        List<String> plain;
        try (Served s = new Served(dir.resolve("hinted"), "", new PacedBackend("fast", true, PATIENCE, everythingAtOnce()))) {
            hinted = httpChunks(s, body);
        }
        try (Served s = new Served(dir.resolve("plain"), "", new PacedBackend("fast", false, PATIENCE, everythingAtOnce()))) {
            plain = httpChunks(s, body);
        }
        assertEquals(normalized(String.join("", plain)), normalized(String.join("", hinted)));
        // Without the hint each text is flushed alone; only what the orchestrator holds at the end (the
        // tool call, the finish, [DONE]) goes out together.
        assertTrue(plain.size() >= 5, "flushed one by one: " + plain);
        // The first event is flushed at once (the client sees the answer begin); the rest went together.
        assertTrue(hinted.size() < plain.size(), "hinted: " + hinted.size() + " writes; plain: " + plain.size());
        assertTrue(hinted.getFirst().contains("\"reasoning_content\":\"thinking \""), hinted.getFirst());
        assertEquals(1, events(hinted.getFirst()).size(), "the first event goes out alone: " + hinted.getFirst());
    }

    /** The HTTP/1.1 chunks of a streamed response (one per write the server made), read off the socket. */
    private static List<String> httpChunks(Served s, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", s.gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = line(in);
            assertTrue(status.startsWith("HTTP/1.1 200"), status);
            boolean chunked = false;
            for (String h; !(h = line(in)).isEmpty(); ) {
                chunked |= h.toLowerCase(java.util.Locale.ROOT).matches("transfer-encoding:\\s*chunked");
            }
            assertTrue(chunked, "a stream goes out chunked");
            List<String> chunks = new ArrayList<>();
            Pattern size = Pattern.compile("([0-9a-fA-F]+)(;.*)?");
            while (true) {
                Matcher m = size.matcher(line(in));
                assertTrue(m.matches());
                int n = Integer.parseInt(m.group(1), 16);
                if (n == 0) {
                    return chunks;
                }
                chunks.add(new String(in.readNBytes(n), StandardCharsets.UTF_8));
                assertEquals("", line(in));
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the response ended in a line: " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
