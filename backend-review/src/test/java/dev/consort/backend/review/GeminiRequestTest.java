package dev.consort.backend.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact JSON and headers the Gemini backend sends. */
class GeminiRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        backend = GeminiFixture.backend(server);
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private RecordedRequest send(ChatRequest request) throws Exception {
        server.enqueue(Reply.recorded(getClass(), "/wire/gemini-generate-text-langchaingo.json"));
        backend.chat(request);
        return server.takeRequest();
    }

    @Test
    void sendsAConversationWithSystemPromptToolsToolResultsAndJsonOutput() throws Exception {
        ToolSpec readFile = new ToolSpec("read_file", "Reads a file", """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"path": {"type": "string", "format": "uri", "description": "Relative path"},
                                "lines": {"type": ["integer", "null"], "exclusiveMinimum": 0},
                                "mode": {"const": "text"}},
                 "required": ["path", "missing"], "additionalProperties": false}""");
        ToolSpec now = new ToolSpec("now", "", "{\"type\": \"object\", \"properties\": {}}");
        ChatRequest request = ChatRequest.builder()
                .messages(List.of(
                        Message.system("You review code."),
                        Message.user("Review Main.java."),
                        Message.assistant("Let me read it.", List.of(
                                new ToolCall("call_1", "read_file", "{\"path\": \"Main.java\"}"),
                                new ToolCall("call_2", "now", "{}"))),
                        Message.tool("call_1", null, "class Main {}"),
                        Message.tool("call_2", "now", "{\"iso\": \"2025-01-01T00:00:00Z\"}"),
                        Message.system("Be terse."),
                        Message.user("Answer in JSON.")))
                .tools(List.of(readFile, now))
                .responseFormat(ResponseFormat.jsonSchema("review", """
                        {"type": "object", "additionalProperties": false,
                         "properties": {"issues": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}},
                         "required": ["issues"]}"""))
                .maxTokens(1000)
                .temperature(0.2)
                .stop(List.of("END"))
                .hints(Map.of("thinking_budget", "1024", "unknown_hint", "x"))
                .build();
        RecordedRequest req = send(request);
        assertEquals(JSON.readTree("""
                {"systemInstruction": {"parts": [{"text": "You review code.\\n\\nBe terse."}]},
                 "contents": [
                   {"role": "user", "parts": [{"text": "Review Main.java."}]},
                   {"role": "model", "parts": [
                     {"text": "Let me read it."},
                     {"functionCall": {"name": "read_file", "args": {"path": "Main.java"}},
                      "thoughtSignature": "skip_thought_signature_validator"},
                     {"functionCall": {"name": "now", "args": {}}}]},
                   {"role": "user", "parts": [
                     {"functionResponse": {"name": "read_file", "response": {"output": "class Main {}"}}},
                     {"functionResponse": {"name": "now", "response": {"iso": "2025-01-01T00:00:00Z"}}},
                     {"text": "Answer in JSON."}]}],
                 "tools": [{"functionDeclarations": [
                   {"name": "read_file", "description": "Reads a file",
                    "parameters": {"type": "object",
                      "properties": {"path": {"type": "string", "description": "Relative path"},
                                     "lines": {"type": "integer", "nullable": true},
                                     "mode": {"enum": ["text"]}},
                      "required": ["path"]}},
                   {"name": "now"}]}],
                 "generationConfig": {"maxOutputTokens": 1000, "temperature": 0.2, "stopSequences": ["END"],
                   "responseMimeType": "application/json",
                   "responseSchema": {"type": "object",
                     "properties": {"issues": {"type": "array", "items": {"type": "string"}}},
                     "required": ["issues"]},
                   "thinkingConfig": {"thinkingBudget": 1024, "includeThoughts": true}}}"""),
                JSON.readTree(req.bodyText()));
        assertEquals("application/json", req.header("content-type"));
        assertEquals(GeminiFixture.KEY, req.header("x-goog-api-key"));
        assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", req.path());
    }

    @Test
    void sendsAPlainQuestionWithNothingElse() throws Exception {
        JsonNode body = JSON.readTree(send(GeminiFixture.ask("Hello")).bodyText());
        assertEquals(JSON.readTree("{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"Hello\"}]}]}"), body);
    }

    @Test
    void asksForAnyJsonObjectWithTheMimeTypeAlone() throws Exception {
        JsonNode body = JSON.readTree(send(ChatRequest.builder().messages(List.of(Message.user("Hi")))
                .responseFormat(ResponseFormat.JSON_OBJECT).build()).bodyText());
        assertEquals("{\"responseMimeType\":\"application/json\"}", body.get("generationConfig").toString());
    }

    @Test
    void usesTheConfiguredOutputLimitWhenTheRequestSetsNone() throws Exception {
        backend.close();
        backend = GeminiFixture.backend(server, "max_output_tokens", "2048");
        JsonNode body = JSON.readTree(send(GeminiFixture.ask("Hi")).bodyText());
        assertEquals(2048, body.at("/generationConfig/maxOutputTokens").asInt());
        assertEquals(2048, backend.maxOutputTokens());
    }

    @Test
    void refusesAToolResultWhoseToolCannotBeNamed() {
        ChatRequest request = ChatRequest.of(List.of(Message.user("Hi"), Message.tool("call_9", null, "42")));
        var e = assertThrows(InvalidRequestException.class, () -> backend.chat(request));
        assertTrue(e.getMessage().contains("call_9"), e.getMessage());
        assertEquals(0, server.requests().size());
    }
}
