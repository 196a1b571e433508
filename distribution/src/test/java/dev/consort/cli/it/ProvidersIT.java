package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.Reply;
import dev.consort.spi.testkit.ReplayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bundled provider type answering {@code consort ask} through the built bin/consort, against
 * responses recorded from the real services and replayed byte for byte on 127.0.0.1.
 */
class ProvidersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ReplayServer server;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void configure(String type, String model) throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  it: { type: %s, model: %s, api_key: test-key, base_url: "%s", context_window: 32000, read_timeout: 10s }
                context: { store: memory }
                """.formatted(type, model, server.baseUrl()));
    }

    private Dist.Result ask(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "ask";
        all[1] = "--backend";
        all[2] = "it";
        System.arraycopy(args, 0, all, 3, args.length);
        return Dist.run(dir, all);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gemini    | gemini-2.5-flash | gemini-generate-text-langchaingo.json     | 7 times 9 is 63.",
            "ollama    | gemma3:1b        | ollama-chat-stream-langchaingo.ndjson     | Okay",
            "openai    | gpt-4.1-mini     | openai-chat-nonstream-langchaingo.json    | You are a dog, which is a type of mammal.",
            "anthropic | claude-opus-4-1  | anthropic-messages-nonstream-langchaingo.json | Hello! As an AI language model"})
    void answersAPlainAsk(String type, String model, String recording, String expected) throws Exception {
        configure(type, model);
        Reply reply = Reply.recorded(ProvidersIT.class, "/wire/" + recording);
        server.enqueue(reply);
        Dist.Result r = ask("--json", "What is 7 times 9?");
        assertEquals(0, r.exit(), r.all());
        JsonNode n = JSON.readTree(r.out());
        assertTrue(n.get("content").asText().startsWith(expected), n.toString());
        assertEquals("it", n.get("backend").asText());
        assertTrue(n.get("usage").get("prompt_tokens").asInt() > 0, n.toString());
        RecordedRequest sent = server.takeRequest();
        assertTrue(sent.bodyText().contains("What is 7 times 9?"), sent.bodyText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gemini    | gemini-2.0-flash | gemini-stream-text-pydantic-ai.sse         | The capital of France is Paris.",
            "ollama    | gemma3:1b        | ollama-chat-stream-langchaingo.ndjson      | Okay, here",
            "openai    | gpt-3.5-turbo    | openai-chat-stream-text-langchaingo.sse    | Sure",
            "anthropic | claude-opus-4-1  | anthropic-messages-stream-text-langchaingo.sse | 1"})
    void streamsAnAnswer(String type, String model, String recording, String expectedStart) throws Exception {
        configure(type, model);
        server.enqueue(Reply.recorded(ProvidersIT.class, "/wire/" + recording).splitRandomly(11));
        Dist.Result r = ask("--stream", "Say something");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith(expectedStart), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gemini    | gemini-2.5-flash | gemini-generate-functioncall-langchaingo.json     | multiply",
            "ollama    | gpt-oss:120b     | ollama-chat-nonstream-toolcall-langchaingo.json   | getWeather",
            "openai    | gpt-3.5-turbo    | openai-chat-nonstream-toolcall-langchaingo.json   | getCurrentWeather",
            "anthropic | claude-sonnet-4-5 | anthropic-messages-stream-tooluse-langchaingo.sse | calculateTip"})
    void toolCallsComeOutInOneShape(String type, String model, String recording, String tool) throws Exception {
        configure(type, model);
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, """
                [{"name":"multiply","parameters":{"type":"object"}},
                 {"name":"getWeather","parameters":{"type":"object"}},
                 {"name":"getCurrentWeather","parameters":{"type":"object"}},
                 {"name":"calculateTip","parameters":{"type":"object"}},
                 {"name":"getWaiterName","parameters":{"type":"object"}}]""");
        server.enqueue(Reply.recorded(ProvidersIT.class, "/wire/" + recording));
        String[] args = recording.endsWith(".sse") && type.equals("anthropic")
                ? new String[] {"--json", "--stream", "--tools", tools.toString(), "Use a tool"}
                : new String[] {"--json", "--tools", tools.toString(), "Use a tool"};
        Dist.Result r = ask(args);
        assertEquals(0, r.exit(), r.all());
        JsonNode n = JSON.readTree(r.out());
        JsonNode call = n.get("tool_calls").get(0);
        assertEquals(tool, call.get("name").asText(), n.toString());
        assertTrue(call.get("id").asText().length() > 0, n.toString());
        assertTrue(call.get("arguments").isObject(), n.toString());
        assertEquals("tool_calls", n.get("finish_reason").asText(), n.toString());
    }

    @Test
    void aFailingBackendFallsBackToTheNextCandidateAndTheAttemptsSaySo() throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  local: { type: ollama, model: gemma3:1b, base_url: "%1$s", context_window: 8192 }
                  review: { type: gemini, model: gemini-2.5-flash, api_key: k, base_url: "%1$s" }
                routing:
                  rules: { chat: [local, review] }
                  retry: { attempts: 2, backoff: 10ms, max_backoff: 50ms }
                context: { store: memory }
                """.formatted(server.baseUrl()));
        server.enqueue(Reply.status(503).contentType("application/json").body("{\"error\":\"busy\"}"));
        server.enqueue(Reply.status(503).contentType("application/json").body("{\"error\":\"busy\"}"));
        server.enqueue(Reply.recorded(ProvidersIT.class, "/wire/gemini-generate-text-langchaingo.json"));
        Dist.Result r = Dist.run(dir, Map.of(), "ask", "--json", "What is 7 times 9?");
        assertEquals(0, r.exit(), r.all());
        JsonNode n = JSON.readTree(r.out());
        assertEquals("review", n.get("backend").asText());
        JsonNode attempts = n.get("attempts");
        assertEquals(3, attempts.size(), n.toString());
        assertEquals("local", attempts.get(0).get("backend").asText());
        assertEquals("overloaded", attempts.get(0).get("outcome").asText());
        assertEquals(2, attempts.get(1).get("attempt").asInt());
        assertEquals("ok", attempts.get(2).get("outcome").asText());
    }

    @Test
    void whenEveryCandidateFailsTheExitCodeIsOneAndEachAttemptIsListed() throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  review: { type: gemini, model: gemini-2.5-flash, api_key: k, base_url: "%s" }
                routing:
                  retry: { attempts: 1 }
                context: { store: memory }
                """.formatted(server.baseUrl()));
        server.enqueue(Reply.status(401).contentType("application/json")
                .body("{\"error\":{\"code\":401,\"message\":\"bad key\",\"status\":\"UNAUTHENTICATED\"}}"));
        Dist.Result r = Dist.run(dir, Map.of(), "ask", "hello");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("review #1: authentication"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
