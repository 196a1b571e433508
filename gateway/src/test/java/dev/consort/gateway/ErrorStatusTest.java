package dev.consort.gateway;

import static dev.consort.gateway.ChatCompletionsTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.core.api.Consort;
import dev.consort.core.api.GatewaySettings;
import dev.consort.spi.config.ConfigException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal in OpenAI's error shape with its status, and the keys that are never shown. */
class ErrorStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-alpha";
    private static final String CLIENTS = "  clients:\n    alpha:\n      key: sha256:" + ClientKeys.sha256(KEY) + "\n";

    @TempDir
    Path dir;

    private static JsonNode error(HttpResponse<String> r, int status, String type) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonNode e = JSON.readTree(r.body()).path("error");
        assertEquals(type, e.path("type").asText(), r.body());
        assertFalse(e.path("message").asText().isBlank());
        assertTrue(e.has("code") && e.has("param"));
        return e;
    }

    @Test
    void badJsonIs400() throws Exception {
        try (Served s = new Served(dir, "", FakeBackend.answering("fast", "x"))) {
            error(s.post("/v1/chat/completions", "{\"model\": \"fast\", "), 400, "invalid_request_error");
            error(s.post("/v1/chat/completions", "[1,2]"), 400, "invalid_request_error");
            error(s.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[]}"), 400, "invalid_request_error");
            error(s.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400,
                    "invalid_request_error");
        }
    }

    @Test
    void unknownModelIs404() throws Exception {
        try (Served s = new Served(dir, "", FakeBackend.answering("fast", "x"))) {
            JsonNode e = error(s.post("/v1/chat/completions", request("gpt-5", false, "")), 404, "invalid_request_error");
            assertEquals("model_not_found", e.path("code").asText());
            error(s.get("/v1/models/gpt-5"), 404, "invalid_request_error");
            error(s.get("/v2/nothing"), 404, "invalid_request_error");
        }
    }

    @Test
    void missingOrWrongKeyIs401AndNeverEchoed() throws Exception {
        try (Served s = new Served(dir, CLIENTS, FakeBackend.answering("fast", "x"))) {
            error(s.post("/v1/chat/completions", request("fast", false, "")), 401, "invalid_request_error");
            HttpResponse<String> wrong = s.post("/v1/chat/completions", request("fast", false, ""),
                    "Authorization", "Bearer sk-wrong-secret");
            error(wrong, 401, "invalid_request_error");
            assertFalse(wrong.body().contains("sk-wrong-secret"));
            error(s.get("/v1/models"), 401, "invalid_request_error");
            assertEquals(200, s.post("/v1/chat/completions", request("fast", false, ""),
                    "Authorization", "Bearer " + KEY).statusCode());
            assertEquals(200, s.get("/health").statusCode());
            assertFalse(s.get("/metrics", "Authorization", "Bearer " + KEY).body().contains(KEY));
        }
    }

    @Test
    void rateLimitIs429WithRetryAfter() throws Exception {
        secondRequestRefused("      rate_limit: { requests: 1, per: 1h }\n", "rate_limit_error", "rate_limit_exceeded", 3600);
    }

    @Test
    void exhaustedBudgetIs429WithRetryAfter() throws Exception {
        secondRequestRefused("      budget: { requests: 1, period: day }\n", "insufficient_quota", "insufficient_quota", 86_400);
    }

    /** With this limit on the one client, a first request (streamed) passes and a second gets a 429. */
    private void secondRequestRefused(String limit, String type, String code, long maxRetryAfter) throws Exception {
        try (Served s = new Served(dir, CLIENTS + limit, FakeBackend.answering("fast", "x"))) {
            String auth = "Bearer " + KEY;
            assertEquals(200, s.post("/v1/chat/completions", request("fast", true, ""), "Authorization", auth).statusCode());
            HttpResponse<String> r = s.post("/v1/chat/completions", request("fast", false, ""), "Authorization", auth);
            assertEquals(code, error(r, 429, type).path("code").asText());
            long retry = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
            assertTrue(retry > 0 && retry <= maxRetryAfter, "Retry-After " + retry);
        }
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        try (Served s = new Served(dir, "  max_body: 1KiB\n", FakeBackend.answering("fast", "x"))) {
            String big = request("fast", false, ",\"user\":\"" + "x".repeat(2000) + "\"");
            error(s.post("/v1/chat/completions", big), 413, "invalid_request_error");
            assertEquals(200, s.post("/v1/chat/completions", request("fast", false, "")).statusCode());
        }
    }

    @Test
    void everyCandidateFailingIs502PlainOrStreamed() throws Exception {
        FakeBackend broken = new FakeBackend("broken", FakeBackend.Mode.FAIL);
        try (Served s = new Served(dir, "", broken)) {
            JsonNode e = error(s.post("/v1/chat/completions", request("broken", false, "")), 502, "upstream_error");
            assertTrue(e.path("message").asText().contains("broken"), e.toString());
            error(s.post("/v1/chat/completions", request("task:chat", true, "")), 502, "upstream_error");
        }
    }

    @Test
    void anUnexpectedFailureIs500InOpenAisShape() throws Exception {
        try (Served s = new Served(dir, "", new FakeBackend("buggy", FakeBackend.Mode.BUG))) {
            HttpResponse<String> r = s.post("/v1/chat/completions", request("buggy", false, ""));
            JsonNode e = error(r, 500, "server_error");
            assertFalse(e.path("message").asText().contains("\tat "), e.toString());
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutKeys() throws Exception {
        Path work = Files.createDirectories(dir.resolve("w"));
        try (Consort c = Consort.builder().workingDir(work).home(dir).backend(FakeBackend.answering("fast")).build()) {
            GatewaySettings open = c.gateway().listeningOn("0.0.0.0", 0);
            ConfigException e = assertThrows(ConfigException.class, () -> Gateway.start(c, open));
            assertTrue(e.getMessage().contains("gateway.clients"), e.getMessage());
            try (Gateway g = Gateway.start(c, c.gateway().listeningOn(null, 0))) {
                assertTrue(g.notices().get(0).contains("any API key is accepted"), g.notices().toString());
                assertTrue(g.baseUrl().startsWith("http://127.0.0.1:"));
            }
        }
    }
}
