package dev.consort.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers in OpenAI's shapes: plain, streamed, with tools, with usage, for every way of naming a route. */
class ChatCompletionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String request(String model, boolean stream, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]"
                + extra + "}";
    }

    /** The data lines of an SSE body, [DONE] included. */
    static List<String> events(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring(6));
            }
        }
        return out;
    }

    @Test
    void answersInOnePieceWithUsage() throws Exception {
        FakeBackend fast = FakeBackend.answering("fast", "Hello", " there");
        try (Served s = new Served(dir, "", fast)) {
            HttpResponse<String> r = s.post("/v1/chat/completions", request("fast", false, ""));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode n = JSON.readTree(r.body());
            assertEquals("chat.completion", n.path("object").asText());
            assertEquals("fast", n.path("model").asText());
            assertEquals("Hello there", n.at("/choices/0/message/content").asText());
            assertEquals("assistant", n.at("/choices/0/message/role").asText());
            assertEquals("stop", n.at("/choices/0/finish_reason").asText());
            assertEquals(2, n.at("/usage/completion_tokens").asInt());
            assertEquals("fast", r.headers().firstValue("x-consort-backend").orElseThrow());
            assertEquals("Say hello", fast.requests.get(0).messages().get(1).content());
        }
    }

    @Test
    void streamsChunkByChunkThenUsageThenDone() throws Exception {
        FakeBackend fast = FakeBackend.answering("fast", "Hel", "lo", "!");
        try (Served s = new Served(dir, "", fast)) {
            HttpResponse<String> r = s.post("/v1/chat/completions",
                    request("fast", true, ",\"stream_options\":{\"include_usage\":true}"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
            List<String> events = events(r.body());
            assertEquals("[DONE]", events.get(events.size() - 1));
            JsonNode first = JSON.readTree(events.get(0));
            assertEquals("chat.completion.chunk", first.path("object").asText());
            assertEquals("assistant", first.at("/choices/0/delta/role").asText());
            assertEquals("Hel", first.at("/choices/0/delta/content").asText());
            assertEquals("lo", JSON.readTree(events.get(1)).at("/choices/0/delta/content").asText());
            assertEquals("stop", JSON.readTree(events.get(3)).at("/choices/0/finish_reason").asText());
            JsonNode usage = JSON.readTree(events.get(4));
            assertEquals(0, usage.path("choices").size());
            assertEquals(3, usage.at("/usage/completion_tokens").asInt());
            assertEquals(6, events.size());
        }
    }

    @Test
    void streamsWithoutUsageUnlessAsked() throws Exception {
        try (Served s = new Served(dir, "", FakeBackend.answering("fast", "a", "b"))) {
            List<String> events = events(s.post("/v1/chat/completions", request("fast", true, "")).body());
            assertEquals(4, events.size(), events.toString());
            assertFalse(events.stream().anyMatch(e -> e.contains("\"usage\"")));
        }
    }

    @Test
    void offersToolsAndReturnsTheirCalls() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],\"tool_choice\":\"auto\"";
        FakeBackend fast = FakeBackend.answering("fast");
        try (Served s = new Served(dir, "", fast)) {
            JsonNode n = JSON.readTree(s.post("/v1/chat/completions", request("fast", false, tools)).body());
            assertEquals("tool_calls", n.at("/choices/0/finish_reason").asText());
            assertEquals("get_weather", n.at("/choices/0/message/tool_calls/0/function/name").asText());
            assertEquals("{\"city\":\"Paris\"}", n.at("/choices/0/message/tool_calls/0/function/arguments").asText());
            assertTrue(n.at("/choices/0/message/content").isNull());
            assertEquals("get_weather", fast.requests.get(0).tools().get(0).name());
            assertEquals("auto", fast.requests.get(0).hint("tool_choice").orElseThrow());

            List<String> events = events(s.post("/v1/chat/completions", request("fast", true, tools)).body());
            JsonNode call = JSON.readTree(events.get(0)).at("/choices/0/delta/tool_calls/0");
            assertEquals(0, call.path("index").asInt());
            assertEquals("call_1", call.path("id").asText());
            assertEquals("get_weather", call.at("/function/name").asText());
            assertEquals("tool_calls", JSON.readTree(events.get(1)).at("/choices/0/finish_reason").asText());
        }
    }

    @Test
    void readsToolResultsAndResponseFormat() throws Exception {
        FakeBackend fast = FakeBackend.answering("fast", "{\"ok\":true}");
        String body = "{\"model\":\"fast\",\"response_format\":{\"type\":\"json_object\"},\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather?\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]}";
        try (Served s = new Served(dir, "", fast)) {
            HttpResponse<String> r = s.post("/v1/chat/completions", body);
            assertEquals(200, r.statusCode(), r.body());
            var req = fast.requests.get(0);
            assertTrue(req.responseFormat().wantsJson());
            assertEquals("c1", req.messages().get(1).toolCalls().get(0).id());
            assertEquals("c1", req.messages().get(2).toolCallId());
            assertEquals("Weather?", req.messages().get(0).content());
        }
    }

    @Test
    void routesByTaskTypeAndByAlias() throws Exception {
        FakeBackend fast = FakeBackend.answering("fast", "by task");
        try (Served s = new Served(dir, "  aliases:\n    gpt-4o-mini: task:chat\n", fast)) {
            assertEquals(200, s.post("/v1/chat/completions", request("task:review", false, "")).statusCode());
            HttpResponse<String> r = s.post("/v1/chat/completions", request("gpt-4o-mini", false, ""));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("gpt-4o-mini", JSON.readTree(r.body()).path("model").asText());
            assertEquals(2, fast.requests.size());
        }
    }

    @Test
    void listsModelsAndAnswersHealthAndMetrics() throws Exception {
        try (Served s = new Served(dir, "  aliases:\n    smart: task:review\n", FakeBackend.answering("fast", "x"))) {
            JsonNode models = JSON.readTree(s.get("/v1/models").body());
            List<String> ids = new ArrayList<>();
            models.path("data").forEach(m -> ids.add(m.path("id").asText()));
            assertEquals(List.of("fast", "smart"), ids);
            assertEquals(200, s.get("/v1/models/smart").statusCode());
            assertEquals("ok", JSON.readTree(s.get("/health").body()).path("status").asText());
            s.post("/v1/chat/completions", request("fast", false, ""));
            s.post("/v1/chat/completions", request("nope", false, ""));
            String metrics = s.get("/metrics").body();
            assertTrue(metrics.contains("consort_gateway_requests_seconds_count{backend=\"fast\",client=\"anonymous\",status=\"200\",stream=\"false\"} 1"), metrics);
            assertTrue(metrics.contains("consort_gateway_requests_seconds_bucket{"), metrics);
            assertTrue(metrics.contains("consort_gateway_errors_total{backend=\"none\",client=\"anonymous\",status=\"404\"} 1.0"), metrics);
            assertTrue(metrics.contains("consort_gateway_tokens_total{backend=\"fast\",client=\"anonymous\",kind=\"completion\"} 1.0"), metrics);
            assertTrue(metrics.contains("consort_gateway_cost_usd_total{"), metrics);
        }
    }
}
