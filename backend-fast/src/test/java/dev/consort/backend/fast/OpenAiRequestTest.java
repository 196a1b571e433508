package dev.consort.backend.fast;

import static dev.consort.backend.fast.OpenAiFixture.JSON;
import static dev.consort.backend.fast.OpenAiFixture.KEY;
import static dev.consort.backend.fast.OpenAiFixture.backend;
import static dev.consort.backend.fast.OpenAiFixture.hello;
import static dev.consort.backend.fast.OpenAiFixture.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiRequestTest {

    private static final String WEATHER_SCHEMA = """
            {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
    private static final String ANSWER_SCHEMA = """
            {"type":"object","properties":{"summary":{"type":"string"},"temperature_c":{"type":"number"}},
             "required":["summary","temperature_c"],"additionalProperties":false}""";

    private ReplayServer server;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ChatRequest conversation() {
        return ChatRequest.builder()
                .messages(List.of(
                        Message.system("You are terse."),
                        Message.user("What is the weather in Paris and in Rome?"),
                        Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                                new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"))),
                        Message.tool("call_1", "get_weather", "18 C, cloudy"),
                        Message.tool("call_2", "get_weather", "24 C, sunny"),
                        Message.user("Summarize as JSON.")))
                .tools(List.of(new ToolSpec("get_weather", "Current weather for a city", WEATHER_SCHEMA)))
                .responseFormat(new ResponseFormat.JsonSchema("weather_summary", ANSWER_SCHEMA, true))
                .maxTokens(300)
                .temperature(0.2)
                .stop(List.of("END"))
                .hints(Map.of("reasoning_effort", "low", "thinking_budget", "1024"))
                .build();
    }

    private RecordedRequest send(LLMBackend backend, ChatRequest request, boolean stream) throws Exception {
        if (stream) {
            server.enqueue(recorded("openai-chat-stream-usage-langchaingo.sse"));
            backend.stream(request).collect();
        } else {
            server.enqueue(recorded("openai-chat-nonstream-langchaingo.json"));
            backend.chat(request);
        }
        return server.takeRequest();
    }

    @Test
    void sendsTheWholeConversationWithToolsToolResultsAndASchema() throws Exception {
        try (LLMBackend backend = backend(server, "model", "gpt-4.1-mini")) {
            RecordedRequest r = send(backend, conversation(), false);
            assertEquals("POST", r.method());
            assertEquals("/v1/chat/completions", r.path());
            assertEquals("Bearer " + KEY, r.header("authorization"));
            assertEquals("application/json", r.header("content-type"));
            assertEquals("application/json", r.header("accept"));
            assertEquals(JSON.readTree("""
                    {"model":"gpt-4.1-mini",
                     "messages":[
                       {"role":"system","content":"You are terse."},
                       {"role":"user","content":"What is the weather in Paris and in Rome?"},
                       {"role":"assistant","content":null,"tool_calls":[
                         {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                         {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                       {"role":"tool","tool_call_id":"call_1","content":"18 C, cloudy"},
                       {"role":"tool","tool_call_id":"call_2","content":"24 C, sunny"},
                       {"role":"user","content":"Summarize as JSON."}],
                     "max_completion_tokens":300,
                     "temperature":0.2,
                     "stop":["END"],
                     "tools":[{"type":"function","function":{"name":"get_weather",
                       "description":"Current weather for a city",
                       "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
                     "response_format":{"type":"json_schema","json_schema":{"name":"weather_summary",
                       "schema":{"type":"object","properties":{"summary":{"type":"string"},
                         "temperature_c":{"type":"number"}},"required":["summary","temperature_c"],
                         "additionalProperties":false},
                       "strict":true}},
                     "reasoning_effort":"low"}"""), JSON.readTree(r.body()));
        }
    }

    @Test
    void streamsWithUsageAskedForAndTheLegacyTokenFieldForOlderModels() throws Exception {
        try (LLMBackend backend = backend(server, "model", "gpt-3.5-turbo")) {
            ChatRequest request = ChatRequest.builder().messages(List.of(Message.user("Hi")))
                    .responseFormat(ResponseFormat.JSON_OBJECT).maxTokens(50).build();
            RecordedRequest r = send(backend, request, true);
            assertEquals("text/event-stream", r.header("accept"));
            assertEquals(JSON.readTree("""
                    {"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"Hi"}],
                     "stream":true,"stream_options":{"include_usage":true},
                     "max_tokens":50,"response_format":{"type":"json_object"}}"""), JSON.readTree(r.body()));
        }
    }

    @Test
    void sendsNothingProviderSpecificToACompatibleServerWithoutAKey() throws Exception {
        try (LLMBackend backend = backend(server, "model", "qwen2.5-7b-instruct", "api_key", "")) {
            RecordedRequest r = send(backend, hello(), false);
            assertNull(r.header("authorization"));
            assertNull(r.header("openai-organization"));
            assertEquals(JSON.readTree("""
                    {"model":"qwen2.5-7b-instruct","messages":[{"role":"user","content":"Say hello"}]}"""),
                    JSON.readTree(r.body()));
        }
    }

    @Test
    void leavesTemperatureOutForReasoningModelsAndSendsConfiguredDefaults() throws Exception {
        try (LLMBackend backend = backend(server, "model", "o4-mini", "max_output_tokens", 2000,
                "reasoning_effort", "high", "organization", "org-123", "project", "proj_9")) {
            ChatRequest request = ChatRequest.builder().messages(List.of(Message.user("Hi"))).temperature(0)
                    .build();
            RecordedRequest r = send(backend, request, false);
            assertEquals("org-123", r.header("openai-organization"));
            assertEquals("proj_9", r.header("openai-project"));
            assertEquals(JSON.readTree("""
                    {"model":"o4-mini","messages":[{"role":"user","content":"Hi"}],
                     "max_completion_tokens":2000,"reasoning_effort":"high"}"""), JSON.readTree(r.body()));
        }
    }

    @Test
    void leavesStreamOptionsOutWhenStreamUsageIsOff() throws Exception {
        try (LLMBackend backend = backend(server, "stream_usage", false)) {
            JsonNode body = JSON.readTree(send(backend, hello(), true).body());
            assertEquals(true, body.path("stream").asBoolean());
            assertFalse(body.has("stream_options"));
        }
    }

    @Test
    void honoursAConfiguredTokenFieldForCompatibleServers() throws Exception {
        try (LLMBackend backend = backend(server, "model", "gpt-5-mini", "max_tokens_field", "max_tokens")) {
            ChatRequest request = ChatRequest.builder().messages(List.of(Message.user("Hi"))).maxTokens(64).build();
            JsonNode body = JSON.readTree(send(backend, request, false).body());
            assertEquals(64, body.path("max_tokens").asInt());
            assertFalse(body.has("max_completion_tokens"));
        }
    }

    @Test
    void refusesAToolSchemaThatIsNotJsonBeforeSendingAnything() {
        try (LLMBackend backend = backend(server)) {
            ChatRequest request = ChatRequest.builder().messages(List.of(Message.user("Hi")))
                    .tools(List.of(new ToolSpec("broken", "", "{not json"))).build();
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> backend.chat(request));
            assertEquals("backend 'fast': the parameters schema of tool 'broken' is not valid JSON", e.getMessage()
                    .substring(0, e.getMessage().indexOf(" is not valid JSON") + 18));
            assertEquals(0, server.requests().size());
        }
    }
}
