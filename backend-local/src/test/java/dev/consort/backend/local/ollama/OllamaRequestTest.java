package dev.consort.backend.local.ollama;

import static dev.consort.backend.local.ollama.OllamaFixture.ask;
import static dev.consort.backend.local.ollama.OllamaFixture.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact JSON and headers the Ollama backend sends, and how it learns the context window. */
class OllamaRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "/wire/ollama-chat-stream-langchaingo.ndjson";

    private ReplayServer server;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsAConversationWithSystemPromptToolsToolResultsAndJsonOutput() throws Exception {
        try (LLMBackend backend = OllamaFixture.backend(server, "api_key", "proxy-token-77", "keep_alive", "10m")) {
            server.enqueue(Reply.recorded(getClass(), STREAM));
            ChatRequest request = ChatRequest.builder()
                    .messages(List.of(
                            Message.system("You write Java."),
                            Message.user("What is in Main.java?"),
                            Message.assistant("", List.of(new ToolCall("call_1", "read_file", "{\"path\": \"Main.java\"}"))),
                            Message.tool("call_1", null, "class Main {}"),
                            Message.user("Answer in JSON.")))
                    .tools(List.of(new ToolSpec("read_file", "Reads a file",
                            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}")))
                    .responseFormat(ResponseFormat.jsonSchema("answer",
                            "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}"))
                    .maxTokens(300)
                    .temperature(0.1)
                    .stop(List.of("```"))
                    .hints(Map.of("think", "false"))
                    .build();
            drain(backend.stream(request));
            RecordedRequest req = server.takeRequest();
            assertEquals(JSON.readTree("""
                    {"model": "gemma3:1b",
                     "messages": [
                       {"role": "system", "content": "You write Java."},
                       {"role": "user", "content": "What is in Main.java?"},
                       {"role": "assistant", "content": "",
                        "tool_calls": [{"id": "call_1", "function": {"name": "read_file", "arguments": {"path": "Main.java"}}}]},
                       {"role": "tool", "content": "class Main {}", "tool_name": "read_file"},
                       {"role": "user", "content": "Answer in JSON."}],
                     "stream": true,
                     "tools": [{"type": "function", "function": {"name": "read_file", "description": "Reads a file",
                       "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}],
                     "format": {"type": "object", "properties": {"answer": {"type": "string"}}},
                     "think": false,
                     "options": {"num_ctx": 8192, "num_predict": 300, "temperature": 0.1, "stop": ["```"]},
                     "keep_alive": "10m"}"""), JSON.readTree(req.bodyText()));
            assertEquals("POST", req.method());
            assertEquals("/api/chat", req.path());
            assertEquals("application/json", req.header("content-type"));
            assertEquals("Bearer proxy-token-77", req.header("authorization"));
        }
    }

    @Test
    void sendsAPlainNonStreamedQuestionWithDefaultLimits() throws Exception {
        try (LLMBackend backend = OllamaFixture.backend(server)) {
            server.enqueue(Reply.recorded(getClass(), "/wire/ollama-chat-nonstream-toolcall-langchaingo.json"));
            backend.chat(ChatRequest.builder().messages(ask("Hi").messages())
                    .responseFormat(ResponseFormat.JSON_OBJECT).build());
            assertEquals(JSON.readTree("""
                    {"model": "gemma3:1b", "messages": [{"role": "user", "content": "Hi"}], "stream": false,
                     "format": "json", "options": {"num_ctx": 8192, "num_predict": 2048}}"""),
                    JSON.readTree(server.takeRequest().bodyText()));
        }
    }

    @Test
    void readsTheModelsContextLengthOnceAndSendsItAsNumCtx() throws Exception {
        try (LLMBackend backend = OllamaFixture.backend(server, "context_window", null)) {
            server.enqueue(Reply.ok().contentType("application/json").body("""
                    {"modelfile": "FROM gemma3", "details": {"family": "gemma3"},
                     "model_info": {"general.architecture": "gemma3", "gemma3.context_length": 32768,
                                    "gemma3.embedding_length": 1152}}"""));
            server.enqueue(Reply.recorded(getClass(), STREAM));
            server.enqueue(Reply.recorded(getClass(), STREAM));
            assertEquals(32768, backend.contextWindow());
            drain(backend.stream(ask("Hi")));
            drain(backend.stream(ask("Hi")));
            RecordedRequest show = server.takeRequest();
            assertEquals("/api/show", show.path());
            assertEquals(JSON.readTree("{\"model\": \"gemma3:1b\"}"), JSON.readTree(show.bodyText()));
            for (int i = 0; i < 2; i++) {
                RecordedRequest chat = server.takeRequest();
                assertEquals("/api/chat", chat.path());
                assertEquals(32768, JSON.readTree(chat.bodyText()).at("/options/num_ctx").asInt());
            }
            assertEquals(3, server.requests().size());
        }
    }

    @Test
    void fallsBackTo4096WhenTheServerCannotSayTheWindow() throws Exception {
        try (LLMBackend backend = OllamaFixture.backend(server, "context_window", null)) {
            server.enqueue(Reply.status(404).contentType("application/json").body("{\"error\":\"model 'gemma3:1b' not found\"}"));
            assertEquals(4096, backend.contextWindow());
            assertEquals(1024, backend.maxOutputTokens());
        }
    }

    @Test
    void refusesUnknownKeysAndBadValues() {
        var provider = new OllamaBackendProvider();
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "colour", "red")));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "base_url", "ftp://x")));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "context_window", 0)));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("base_url", "http://h")));
        provider.validate(TestConfig.of("model", "m"));
    }
}
