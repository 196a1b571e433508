package dev.consort.backend.local.ollama;

import static dev.consort.backend.local.ollama.OllamaFixture.ask;
import static dev.consort.backend.local.ollama.OllamaFixture.done;
import static dev.consort.backend.local.ollama.OllamaFixture.drain;
import static dev.consort.backend.local.ollama.OllamaFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays the recorded Ollama responses, whole and cut at arbitrary byte boundaries. */
class OllamaRecordedResponsesTest {

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        backend = OllamaFixture.backend(server);
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private Reply recorded(String name) {
        return Reply.recorded(getClass(), "/wire/" + name);
    }

    @Test
    void streamsTextAndEndsAtTheDoneLineWithExactUsage() throws Exception {
        server.enqueue(recorded("ollama-chat-stream-langchaingo.ndjson"));
        List<ChatChunk> chunks = drain(backend.stream(ask("Count to five.")));
        assertEquals("Okay, here we go!\n\n1, 2, 3, 4, 5\n", text(chunks));
        assertEquals(new ChatChunk.UsageUpdate(Usage.exact(16, 22)), chunks.get(chunks.size() - 2));
        assertEquals(new ChatChunk.Done(FinishReason.STOP, Usage.exact(16, 22), "gemma3:1b"), done(chunks));
        RecordedRequest req = server.takeRequest();
        assertEquals("/api/chat", req.path());
        assertEquals(null, req.header("authorization"));
        assertEquals(1, backend.usage().requests());
        assertEquals(16, backend.usage().promptTokens());
    }

    @Test
    void mapsDoneReasonLengthToLength() {
        server.enqueue(recorded("ollama-chat-stream-length-langchaingo.ndjson"));
        List<ChatChunk> chunks = drain(backend.stream(ask("How are you?")));
        assertEquals(new ChatChunk.Done(FinishReason.LENGTH, Usage.exact(15, 50), "gemma3:1b"), done(chunks));
        assertTrue(text(chunks).startsWith("Hello there! I’m doing well"), text(chunks));
    }

    @Test
    void streamsJsonFormattedOutput() {
        server.enqueue(recorded("ollama-chat-stream-format-json-langchaingo.ndjson"));
        ChatResponse r = backend.stream(ChatRequest.builder().messages(ask("x").messages())
                .responseFormat(ResponseFormat.JSON_OBJECT).build()).collect();
        assertEquals("{\"answer\": \"600\"}", r.content());
        assertEquals(Usage.exact(25, 9), r.usage());
    }

    @Test
    void readsANonStreamedToolCallWithItsArgumentObjectAsCompactJson() {
        server.enqueue(recorded("ollama-chat-nonstream-toolcall-langchaingo.json"));
        ChatResponse r = backend.chat(ChatRequest.builder().messages(ask("Weather in SF?").messages())
                .tools(List.of(new ToolSpec("getWeather", "Gets the weather", "{\"type\":\"object\"}"))).build());
        assertEquals(List.of(new ToolCall("call_mo1wm122", "getWeather", "{\"location\":\"San Francisco, CA\"}")),
                r.toolCalls());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals("User asks about weather in San Francisco. Use function getWeather.", r.reasoning());
        assertEquals(Usage.exact(145, 44), r.usage());
        assertEquals("gpt-oss:120b", r.model());
    }

    @Test
    void mapsModelWithoutToolSupportToInvalidRequest() {
        server.enqueue(recorded("ollama-error-400-notools-langchaingo.json"));
        var e = assertThrows(InvalidRequestException.class, () -> backend.chat(ask("hi")));
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("does not support tools"), e.getMessage());
        assertTrue(e.getMessage().startsWith("backend 'local'"), e.getMessage());
        assertEquals(1, backend.usage().errors());
    }

    static Stream<Arguments> cuts() {
        List<String> recordings = List.of("ollama-chat-stream-langchaingo.ndjson",
                "ollama-chat-stream-length-langchaingo.ndjson", "ollama-chat-stream-format-json-langchaingo.ndjson");
        List<Arguments> args = new java.util.ArrayList<>();
        for (String r : recordings) {
            args.add(Arguments.of(r, "1-byte pieces", (UnaryOperator<Reply>) reply -> reply.splitEvery(1)));
            for (long seed : new long[] {1, 2, 3, 42, 1234}) {
                args.add(Arguments.of(r, "random seed " + seed, (UnaryOperator<Reply>) reply -> reply.splitRandomly(seed)));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cuts")
    void givesTheSameChunksWhateverTheByteBoundaries(String recording, String how, UnaryOperator<Reply> cut) {
        server.enqueue(recorded(recording));
        server.enqueue(cut.apply(recorded(recording)));
        List<ChatChunk> whole = drain(backend.stream(ask("q")));
        List<ChatChunk> pieces = drain(backend.stream(ask("q")));
        assertTrue(whole.get(whole.size() - 1) instanceof ChatChunk.Done);
        assertEquals(whole, pieces);
    }
}
