package dev.consort.backend.planner;

import static dev.consort.backend.planner.AnthropicFixture.KEY;
import static dev.consort.backend.planner.AnthropicFixture.hello;
import static dev.consort.backend.planner.AnthropicFixture.recorded;
import static dev.consort.backend.planner.AnthropicFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests the adapter sends, and how JSON output and thinking shape them. */
class AnthropicRequestTest {

    private static final String PLAN_SCHEMA = "{\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"string\"}}},\"required\":[\"steps\"]}";
    private static final ToolSpec READ_FILE = new ToolSpec("read_file", "Reads a file",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}");
    private static final ToolSpec LIST_DIR = new ToolSpec("list_dir", "",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}");
    /** A hand-written whole answer in the API's documented shape: no recording calls the JSON tool. */
    private static final String JSON_TOOL_ANSWER = "{\"id\":\"msg_x\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_x\",\"name\":\"json_answer\","
            + "\"input\":{\"steps\": [\"tag\", \"build\"], \"eta\": 1.50}}],\"stop_reason\":\"tool_use\","
            + "\"usage\":{\"input_tokens\":300,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
            + "\"output_tokens\":40}}";

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

    private static ChatRequest conversation() {
        return ChatRequest.builder()
                .messages(List.of(
                        Message.system("You plan."),
                        Message.system("Project: consort."),
                        Message.user("Plan the release."),
                        Message.assistant("Let me look.", List.of(
                                new ToolCall("call_1", "read_file", "{\"path\": \"pom.xml\"}"),
                                new ToolCall("call_2", "list_dir", "{\"path\":\".\"}"))),
                        Message.tool("call_1", "read_file", "<project/>"),
                        Message.tool("call_2", "list_dir", "src\npom.xml"),
                        Message.user("Now answer as JSON.")))
                .tools(List.of(READ_FILE, LIST_DIR))
                .responseFormat(ResponseFormat.jsonSchema("plan", PLAN_SCHEMA))
                .maxTokens(1000)
                .temperature(0.3)
                .stop(List.of("END"))
                .build();
    }

    private static final String CONVERSATION_BODY = """
            {"model":"claude-sonnet-4-5","max_tokens":1000,"system":"You plan.\\n\\nProject: consort.",
             "messages":[
              {"role":"user","content":[{"type":"text","text":"Plan the release."}]},
              {"role":"assistant","content":[{"type":"text","text":"Let me look."},
                {"type":"tool_use","id":"call_1","name":"read_file","input":{"path":"pom.xml"}},
                {"type":"tool_use","id":"call_2","name":"list_dir","input":{"path":"."}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"<project/>"},
                {"type":"tool_result","tool_use_id":"call_2","content":"src\\npom.xml"},
                {"type":"text","text":"Now answer as JSON."}]}],
             "temperature":0.3,
             "stop_sequences":["END"],
             "tools":[
              {"name":"read_file","description":"Reads a file","input_schema":{"type":"object",
                "properties":{"path":{"type":"string"}},"required":["path"]}},
              {"name":"list_dir","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}},
              {"name":"json_answer","description":"Give your final answer with this tool: its input is the answer, as the 'plan' schema.",
               "input_schema":%s}],
             "tool_choice":{"type":"any"}%s}
            """;

    @Test
    void sendsTheExactStreamedBodyAndHeadersForAFullConversation() throws Exception {
        server.enqueue(recorded("anthropic-messages-stream-text-langchaingo.sse"));
        backend.stream(conversation()).collect();
        RecordedRequest r = server.takeRequest();

        assertEquals("POST", r.method());
        assertEquals("/v1/messages", r.path());
        assertEquals(KEY, r.header("x-api-key"));
        assertEquals("2023-06-01", r.header("anthropic-version"));
        assertEquals("application/json", r.header("content-type"));
        assertEquals("text/event-stream", r.header("accept"));
        assertNull(r.header("anthropic-beta"));
        assertNull(r.header("authorization"));
        assertEquals(tree(CONVERSATION_BODY.formatted(PLAN_SCHEMA, ",\"stream\":true")), tree(r.bodyText()));
    }

    @Test
    void sendsTheSameBodyWithoutStreamForAWholeAnswer() throws Exception {
        server.enqueue(Reply.ok().contentType("application/json").body(JSON_TOOL_ANSWER));
        backend.chat(conversation());
        RecordedRequest r = server.takeRequest();

        assertEquals("application/json", r.header("accept"));
        assertEquals(tree(CONVERSATION_BODY.formatted(PLAN_SCHEMA, "")), tree(r.bodyText()));
    }

    @Test
    void forcesTheJsonAnswerToolAndReturnsItsInputAsCompactContent() throws Exception {
        server.enqueue(Reply.ok().contentType("application/json").body(JSON_TOOL_ANSWER));
        ChatResponse r = backend.chat(ChatRequest.builder().messages(List.of(Message.user("Plan it")))
                .responseFormat(ResponseFormat.jsonSchema("plan", PLAN_SCHEMA)).build());

        assertEquals("{\"steps\":[\"tag\",\"build\"],\"eta\":1.50}", r.content());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertTrue(r.toolCalls().isEmpty());
        assertEquals(Usage.exact(300, 40), r.usage());
        JsonNode sent = tree(server.takeRequest().bodyText());
        assertEquals(tree("{\"type\":\"tool\",\"name\":\"json_answer\"}"), sent.get("tool_choice"));
        assertEquals(tree(PLAN_SCHEMA), sent.at("/tools/0/input_schema"));
        assertFalse(sent.has("system"));
    }

    @Test
    void streamsTheJsonAnswerToolsInputAsOneTextChunk() {
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\","
                + "\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_j\",\"name\":\"json_answer\",\"input\":{}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"ok\\\": \"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"true}\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
                + "\"usage\":{\"output_tokens\":12}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        server.enqueue(Reply.ok().contentType("text/event-stream").body(sse));
        ChatResponse r = backend.stream(ChatRequest.builder().messages(List.of(Message.user("ok?")))
                .responseFormat(ResponseFormat.JSON_OBJECT).build()).collect();

        assertEquals("{\"ok\":true}", r.content());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertTrue(r.toolCalls().isEmpty());
    }

    @Test
    void wrapsASchemaThatIsNotAnObjectAndUnwrapsTheAnswer() throws Exception {
        String answer = JSON_TOOL_ANSWER.replace("{\"steps\": [\"tag\", \"build\"], \"eta\": 1.50}",
                "{\"value\": [1, 2]}");
        server.enqueue(Reply.ok().contentType("application/json").body(answer));
        String schema = "{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}";
        ChatResponse r = backend.chat(ChatRequest.builder().messages(List.of(Message.user("Two numbers")))
                .responseFormat(ResponseFormat.jsonSchema("numbers", schema)).build());

        assertEquals("[1,2]", r.content());
        assertEquals(tree("{\"type\":\"object\",\"properties\":{\"value\":" + schema + "},\"required\":[\"value\"]}"),
                tree(server.takeRequest().bodyText()).at("/tools/0/input_schema"));
    }

    @Test
    void sendsTheConfiguredMaxOutputTokensWhenTheRequestGivesNone() throws Exception {
        server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
        backend.chat(hello());
        assertEquals(tree("""
                {"model":"claude-sonnet-4-5","max_tokens":4096,
                 "messages":[{"role":"user","content":[{"type":"text","text":"Say hello"}]}]}"""),
                tree(server.takeRequest().bodyText()));
    }

    @Test
    void enablesThinkingFromConfigurationWithoutTemperatureAndWithRoomForTheAnswer() throws Exception {
        LLMBackend thinker = AnthropicFixture.backend(server, "thinking_budget", "2048", "max_output_tokens", "1024");
        try {
            server.enqueue(recorded("anthropic-messages-stream-thinking-llm-anthropic.sse"));
            thinker.stream(hello().toBuilder().temperature(0.7).build()).collect();
            JsonNode sent = tree(server.takeRequest().bodyText());

            assertEquals(tree("{\"type\":\"enabled\",\"budget_tokens\":2048}"), sent.get("thinking"));
            assertEquals(3072, sent.get("max_tokens").asInt(), "the budget is added to the answer's tokens");
            assertFalse(sent.has("temperature"));
            assertEquals(3072, thinker.maxOutputTokens());
        } finally {
            thinker.close();
        }
    }

    @Test
    void takesTheThinkingBudgetFromARequestHint() throws Exception {
        server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
        backend.chat(hello().toBuilder().maxTokens(8000).hints(Map.of("thinking_budget", "5000")).build());
        JsonNode sent = tree(server.takeRequest().bodyText());
        assertEquals(5000, sent.at("/thinking/budget_tokens").asInt());
        assertEquals(8000, sent.get("max_tokens").asInt());

        LLMBackend thinker = AnthropicFixture.backend(server, "thinking_budget", "2048");
        try {
            server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
            thinker.chat(hello().toBuilder().temperature(0.2).hints(Map.of("thinking_budget", "off")).build());
            JsonNode off = tree(server.takeRequest().bodyText());
            assertFalse(off.has("thinking"));
            assertEquals(0.2, off.get("temperature").asDouble());
        } finally {
            thinker.close();
        }
    }

    @Test
    void asksForTheJsonAnswerToolInWordsWhenThinkingAllowsOnlyAutomaticToolChoice() throws Exception {
        server.enqueue(Reply.ok().contentType("application/json").body(JSON_TOOL_ANSWER));
        ChatResponse r = backend.chat(ChatRequest.builder()
                .messages(List.of(Message.system("You plan."), Message.user("Plan it")))
                .responseFormat(ResponseFormat.JSON_OBJECT).maxTokens(2000)
                .hints(Map.of("thinking_budget", "1024")).build());

        assertEquals("{\"steps\":[\"tag\",\"build\"],\"eta\":1.50}", r.content());
        assertEquals(tree("""
                {"model":"claude-sonnet-4-5","max_tokens":2000,
                 "system":"You plan.\\n\\nGive your final answer by calling the json_answer tool exactly once, with the answer as its input.",
                 "messages":[{"role":"user","content":[{"type":"text","text":"Plan it"}]}],
                 "thinking":{"type":"enabled","budget_tokens":1024},
                 "tools":[{"name":"json_answer","description":"Give your final answer with this tool: its input is the answer, as a JSON object.",
                   "input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"auto"}}"""), tree(server.takeRequest().bodyText()));
    }

    @Test
    void refusesAThinkingHintThatIsNotANumberWithoutCallingTheApi() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> backend.chat(hello().toBuilder().hints(Map.of("thinking_budget", "lots")).build()));
        assertTrue(e.getMessage().startsWith("backend 'planner'"), e.getMessage());
        assertTrue(server.requests().isEmpty());
        assertEquals(1, backend.usage().errors());
    }

    @Test
    void sendsTheThinkingThatPrecededToolCallsBackWithThem() throws Exception {
        LLMBackend thinker = AnthropicFixture.backend(server, "thinking_budget", "2048", "max_output_tokens", "4096");
        try {
            server.enqueue(recorded("anthropic-messages-stream-thinking-tooluse-llm-anthropic.sse"));
            ChatRequest first = ChatRequest.of(List.of(Message.user("Use fixed_version, then joke.")))
                    .toBuilder().tools(List.of(new ToolSpec("fixed_version", "", "{\"type\":\"object\"}"))).build();
            ChatResponse answer = thinker.stream(first).collect();
            server.takeRequest();
            ChatRequest next = first.withMessages(List.of(first.messages().get(0), answer.toMessage(),
                    Message.tool("toolu_01825dXWLSoJwCst1qTsiWdb", "fixed_version", "1.2.3")));

            server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
            thinker.chat(next);
            JsonNode sent = tree(server.takeRequest().bodyText());
            JsonNode thinking = sent.at("/messages/1/content/0");
            assertEquals("thinking", thinking.get("type").asText());
            assertEquals(answer.reasoning(), thinking.get("thinking").asText());
            assertTrue(thinking.get("signature").asText().startsWith("EoQDCm0IDhgCKkCDzGs2kL2Pgn"));
            assertEquals("tool_use", sent.at("/messages/1/content/1/type").asText());
            assertEquals(2048, sent.at("/thinking/budget_tokens").asInt());

            thinker.resetContext();
            server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
            thinker.chat(next);
            JsonNode forgotten = tree(server.takeRequest().bodyText());
            assertEquals("tool_use", forgotten.at("/messages/1/content/0/type").asText());
            assertFalse(forgotten.has("thinking"), "without the thinking to send back, the turn goes without thinking");
        } finally {
            thinker.close();
        }
    }

    @Test
    void mergesConsecutiveTurnsAndTrimsAPrefillsTrailingSpace() throws Exception {
        server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
        backend.chat(ChatRequest.of(List.of(
                Message.user("First."),
                Message.user(""),
                Message.user("Second."),
                Message.system("Late system note."),
                Message.assistant("Plan:\n1. "))));
        assertEquals(tree("""
                {"model":"claude-sonnet-4-5","max_tokens":4096,"system":"Late system note.",
                 "messages":[
                  {"role":"user","content":[{"type":"text","text":"First."},{"type":"text","text":"Second."}]},
                  {"role":"assistant","content":[{"type":"text","text":"Plan:\\n1."}]}]}"""),
                tree(server.takeRequest().bodyText()));
    }

    @Test
    void refusesARequestWithOnlySystemMessages() {
        assertThrows(InvalidRequestException.class,
                () -> backend.chat(ChatRequest.of(List.of(Message.system("Only rules.")))));
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void capsTemperatureAtTheApisMaximumOfOne() throws Exception {
        server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
        backend.chat(hello().toBuilder().temperature(1.6).build());
        assertEquals(1.0, tree(server.takeRequest().bodyText()).get("temperature").asDouble());
    }

    @Test
    void sendsBetaFeaturesAndVersionAndNoKeyWhenNoneIsConfigured() throws Exception {
        LLMBackend proxied = AnthropicFixture.backend(server, "api_key", "", "anthropic_beta",
                "token-efficient-tools-2025-02-19", "anthropic_version", "2023-01-01");
        try {
            server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
            proxied.chat(hello());
            RecordedRequest r = server.takeRequest();
            assertNull(r.header("x-api-key"));
            assertEquals("token-efficient-tools-2025-02-19", r.header("anthropic-beta"));
            assertEquals("2023-01-01", r.header("anthropic-version"));
        } finally {
            proxied.close();
        }
    }

    @Test
    void countsTokensWithTheApiWhenAskedAndFallsBackToTheEstimate() throws Exception {
        LLMBackend exact = AnthropicFixture.backend(server, "exact_token_count", "true",
                "count_tokens_timeout", "300ms");
        try {
            List<Message> prompt = List.of(Message.system("You plan."), Message.user("Plan the release."));
            server.enqueue(Reply.ok().contentType("application/json").body("{\"input_tokens\":1234}"));
            assertEquals(1234, exact.countTokens(prompt));
            assertTrue(exact.countsTokensExactly());
            RecordedRequest r = server.takeRequest();
            assertEquals("/v1/messages/count_tokens", r.path());
            assertEquals(KEY, r.header("x-api-key"));
            assertEquals(tree("""
                    {"model":"claude-sonnet-4-5","system":"You plan.",
                     "messages":[{"role":"user","content":[{"type":"text","text":"Plan the release."}]}]}"""),
                    tree(r.bodyText()));

            server.enqueue(AnthropicFixture.error(500, "api_error", "boom"));
            int afterError = exact.countTokens(prompt);
            server.enqueue(Reply.ok().contentType("application/json").body("{\"input_tokens\":1}")
                    .delayFirstByte(java.time.Duration.ofSeconds(2)));
            long t0 = System.nanoTime();
            int afterSlowness = exact.countTokens(prompt);
            assertTrue(System.nanoTime() - t0 < java.time.Duration.ofMillis(1500).toNanos());
            assertTrue(afterError > 4, "an estimate, corrected by the exact count seen: " + afterError);
            assertEquals(afterError, afterSlowness);
            assertEquals(0, exact.usage().requests(), "counting tokens is not a chat call");
            int asked = server.requests().size();
            assertEquals(afterError, exact.estimateTokens(prompt), "the estimate, as corrected by the count");
            assertEquals(asked, server.requests().size(), "an estimate asked the API");
        } finally {
            exact.close();
        }
    }

    @Test
    void estimatesTokensLocallyByDefault() {
        int n = backend.countTokens(List.of(Message.user("x".repeat(400))));
        assertTrue(n >= 100 && n < 120, String.valueOf(n));
        assertFalse(backend.countsTokensExactly());
        assertTrue(server.requests().isEmpty());
    }
}
