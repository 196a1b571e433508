package dev.consort.gateway;

import static dev.consort.gateway.ChatCompletionsTest.events;
import static dev.consort.gateway.ChatCompletionsTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code openai} adapter behind the gateway, answered by recorded OpenAI responses on 127.0.0.1. */
class ReplayedOpenAiBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ReplayServer upstream;
    private Served served;

    @BeforeEach
    void start() throws Exception {
        upstream = ReplayServer.start();
        served = new Served(dir, """
                backends:
                  fast: { type: openai, model: gpt-4o-mini, base_url: "%s", api_key: sk-upstream-secret }
                routing:
                  retry: { attempts: 1 }
                """.formatted(upstream.baseUrl()), "  aliases:\n    gpt-4o-mini: fast\n");
    }

    @AfterEach
    void stop() {
        served.close();
        upstream.close();
    }

    private static Reply recorded(String name) {
        return Reply.recorded(ReplayedOpenAiBackendTest.class, "/wire/" + name);
    }

    @Test
    void relaysAPlainAnswer() throws Exception {
        upstream.enqueue(recorded("openai-chat-nonstream-langchaingo.json"));
        HttpResponse<String> r = served.post("/v1/chat/completions", request("gpt-4o-mini", false, ""));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals("You are a dog, which is a type of mammal.", n.at("/choices/0/message/content").asText());
        assertEquals(21, n.at("/usage/prompt_tokens").asInt());
        RecordedRequest sent = upstream.takeRequest();
        assertTrue(sent.bodyText().contains("Say hello"), sent.bodyText());
    }

    @Test
    void relaysAStreamChunkByChunkWithUsage() throws Exception {
        upstream.enqueue(recorded("openai-chat-stream-usage-langchaingo.sse").splitEvery(97));
        HttpResponse<String> r = served.post("/v1/chat/completions",
                request("fast", true, ",\"stream_options\":{\"include_usage\":true}"));
        assertEquals(200, r.statusCode(), r.body());
        List<String> events = events(r.body());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            text.append(JSON.readTree(e).at("/choices/0/delta/content").asText(""));
        }
        assertTrue(text.toString().startsWith("1, 2, 3, 4, 5"), text.toString());
        JsonNode usage = JSON.readTree(events.get(events.size() - 2));
        assertEquals(13, usage.at("/usage/completion_tokens").asInt(), usage.toString());
        assertEquals("[DONE]", events.get(events.size() - 1));
    }

    @Test
    void relaysStreamedToolCalls() throws Exception {
        upstream.enqueue(recorded("openai-chat-stream-toolcall-pydantic-ai.sse"));
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_capital\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"country\":{\"type\":\"string\"}}}}}]";
        List<String> events = events(served.post("/v1/chat/completions", request("fast", true, tools)).body());
        JsonNode call = JSON.readTree(events.get(0)).at("/choices/0/delta/tool_calls/0");
        assertEquals("get_capital", call.at("/function/name").asText(), events.toString());
        assertTrue(JSON.readTree(call.at("/function/arguments").asText()).has("country"));
        assertEquals("tool_calls", JSON.readTree(events.get(1)).at("/choices/0/finish_reason").asText());
        assertTrue(upstream.takeRequest().bodyText().contains("get_capital"));
    }

    @Test
    void aStreamRelaysTheSameBodyWhetherTheUpstreamSendsItWholeOrByteByByte() throws Exception {
        // Whole, every event is ready at once and they go out together; byte by byte, each is flushed
        // alone. The client must not tell the difference in what it receives.
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_capital\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"country\":{\"type\":\"string\"}}}}}]";
        for (String[] c : new String[][] {{"openai-chat-stream-usage-langchaingo.sse", ",\"stream_options\":{\"include_usage\":true}"},
                {"openai-chat-stream-toolcall-pydantic-ai.sse", tools}}) {
            upstream.enqueue(recorded(c[0]));
            HttpResponse<String> whole = served.post("/v1/chat/completions", request("fast", true, c[1]));
            upstream.enqueue(recorded(c[0]).splitEvery(1));
            HttpResponse<String> bytes = served.post("/v1/chat/completions", request("fast", true, c[1]));
            assertEquals(200, whole.statusCode(), whole.body());
            assertEquals(200, bytes.statusCode(), bytes.body());
            assertEquals(StreamingFlushTest.normalized(bytes.body()), StreamingFlushTest.normalized(whole.body()), c[0]);
            assertTrue(whole.body().endsWith("data: [DONE]\n\n"), whole.body());
            assertTrue(events(whole.body()).size() >= 3, whole.body());
        }
    }

    @Test
    void anUpstreamRateLimitWithNoOtherCandidateIs502AndHidesTheUpstreamKey() throws Exception {
        upstream.enqueue(recorded("openai-error-429-rosnik.json"));
        HttpResponse<String> r = served.post("/v1/chat/completions", request("fast", false, ""));
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("upstream_error", JSON.readTree(r.body()).at("/error/type").asText());
        assertTrue(!r.body().contains("sk-upstream-secret"));
    }
}
