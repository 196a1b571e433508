package dev.consort.backend.review;

import static dev.consort.backend.review.GeminiFixture.ask;
import static dev.consort.backend.review.GeminiFixture.done;
import static dev.consort.backend.review.GeminiFixture.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.testkit.RecordedRequest;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replays the recorded Gemini responses and checks what the backend makes of them. */
class GeminiRecordedResponsesTest {

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

    private Reply recorded(String name) {
        return Reply.recorded(getClass(), "/wire/" + name);
    }

    @Test
    void readsPlainTextAnswerWithExactUsageIncludingThoughts() throws Exception {
        server.enqueue(recorded("gemini-generate-text-langchaingo.json"));
        ChatResponse r = backend.chat(ask("What is 7 times 9?"));
        assertEquals("7 times 9 is 63.", r.content());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new Usage(100, 34, 0, 0, 25, true), r.usage());
        assertEquals("gemini-3-flash-preview", r.model());
        RecordedRequest req = server.takeRequest();
        assertEquals("POST", req.method());
        assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", req.path());
        assertEquals(GeminiFixture.KEY, req.header("x-goog-api-key"));
        assertFalse(req.path().contains(GeminiFixture.KEY), "the key never goes in the URL");
        assertEquals(new UsageStats(1, 100, 34, java.math.BigDecimal.ZERO, 0, false), backend.usage());
    }

    @Test
    void readsNonStreamedFunctionCallKeepingGeminisCallId() {
        server.enqueue(recorded("gemini-generate-functioncall-langchaingo.json"));
        ChatResponse r = backend.chat(ask("Multiply 7 by 9 with the tool."));
        assertEquals(List.of(new ToolCall("n5u72jdq", "multiply", "{\"a\":7,\"b\":9}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals("", r.content());
        assertEquals(new Usage(77, 75, 0, 0, 59, true), r.usage());
    }

    @Test
    void sendsTheCallsThoughtSignatureAndIdBackWithTheToolResult() throws Exception {
        server.enqueue(recorded("gemini-generate-functioncall-langchaingo.json"));
        ChatResponse first = backend.chat(ask("Multiply 7 by 9 with the tool."));
        server.takeRequest();
        server.enqueue(recorded("gemini-generate-text-langchaingo.json"));
        backend.chat(ChatRequest.of(List.of(Message.user("Multiply 7 by 9 with the tool."), first.toMessage(),
                Message.tool("n5u72jdq", null, "63"))));
        JsonNode sent = new ObjectMapper().readTree(server.takeRequest().bodyText());
        JsonNode recordedPart = new ObjectMapper().readTree(getClass().getResourceAsStream(
                "/wire/gemini-generate-functioncall-langchaingo.json")).at("/candidates/0/content/parts/0");
        JsonNode modelPart = sent.at("/contents/1/parts/0");
        assertEquals("model", sent.at("/contents/1/role").asText());
        assertEquals(recordedPart.get("thoughtSignature"), modelPart.get("thoughtSignature"));
        assertEquals(recordedPart.get("functionCall"), modelPart.get("functionCall"));
        JsonNode response = sent.at("/contents/2/parts/0/functionResponse");
        assertEquals("{\"id\":\"n5u72jdq\",\"name\":\"multiply\",\"response\":{\"output\":\"63\"}}", response.toString());
    }

    @Test
    void streamsTextWithUsageUpdatesAndFinalUsage() {
        server.enqueue(recorded("gemini-stream-text-pydantic-ai.sse"));
        List<ChatChunk> chunks = drain(backend.stream(ask("What is the capital of France?")));
        assertEquals(List.of(new ChatChunk.Text("The"), new ChatChunk.UsageUpdate(new Usage(15, 0, 0, 0, 0, true)),
                new ChatChunk.Text(" capital of France"), new ChatChunk.Text(" is Paris.\n"),
                new ChatChunk.UsageUpdate(Usage.exact(13, 8)),
                new ChatChunk.Done(FinishReason.STOP, Usage.exact(13, 8), "gemini-2.0-flash-exp")), chunks);
        assertEquals("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", server.requests().get(0).path());
    }

    @Test
    void streamsAFunctionCallAsOneReadyCallWithAStableGeneratedId() {
        server.enqueue(recorded("gemini-stream-functioncall-pydantic-ai.sse"));
        server.enqueue(recorded("gemini-stream-functioncall-pydantic-ai.sse"));
        List<ChatChunk> chunks = drain(backend.stream(ask("Which country?")));
        List<ToolCall> calls = chunks.stream().filter(c -> c instanceof ChatChunk.ToolCallReady)
                .map(c -> ((ChatChunk.ToolCallReady) c).call()).toList();
        assertEquals(1, calls.size());
        assertEquals("get_country", calls.get(0).name());
        assertEquals("{}", calls.get(0).argumentsJson());
        assertTrue(calls.get(0).id().matches("call_[0-9a-f]{12}_0"), calls.get(0).id());
        assertEquals(new ChatChunk.Done(FinishReason.TOOL_CALLS, new Usage(29, 212, 0, 0, 202, true),
                "gemini-3-pro-preview"), done(chunks));
        assertEquals(chunks, drain(backend.stream(ask("Which country?"))), "the same answer gets the same ids");
    }

    @Test
    void streamsThoughtPartsAsReasoning() {
        server.enqueue(recorded("gemini-stream-thinking-pydantic-ai.sse"));
        List<ChatChunk> chunks = drain(backend.stream(ask("How do I cross the street?")));
        String reasoning = GeminiFixture.reasoning(chunks);
        String text = GeminiFixture.text(chunks);
        assertTrue(reasoning.startsWith("**Clarifying User Goals**"), reasoning);
        assertFalse(text.contains("**Clarifying User Goals**"));
        assertTrue(text.endsWith("Always assume a driver might not see you."), text);
        assertEquals(4, chunks.stream().filter(c -> c instanceof ChatChunk.Reasoning).count());
        assertEquals(new ChatChunk.Done(FinishReason.STOP, new Usage(34, 1256, 0, 0, 787, true), "gemini-2.5-pro"),
                done(chunks));
    }

    @Test
    void mapsInvalidApiKey400ToAuthenticationWithoutTheKey() {
        server.enqueue(recorded("gemini-error-400-apikey-langchaingo.json"));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> backend.chat(ask("hi")));
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("API key not valid"), e.getMessage());
        assertTrue(e.getMessage().startsWith("backend 'review'"), e.getMessage());
        assertFalse(e.getMessage().contains(GeminiFixture.KEY));
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(1, backend.usage().errors());
    }

    @Test
    void mapsPermissionDenied403ToAuthenticationWhenStreaming() {
        server.enqueue(recorded("gemini-error-403-permission-langchaingo.json"));
        var e = assertThrows(AuthenticationException.class, () -> drain(backend.stream(ask("hi"))));
        assertEquals(403, e.httpStatus());
        assertTrue(e.getMessage().contains("PERMISSION_DENIED"), e.getMessage());
    }

    @Test
    void collectAssemblesTheStreamedAnswer() {
        server.enqueue(recorded("gemini-stream-text-pydantic-ai.sse"));
        ChatResponse r = backend.stream(ask("What is the capital of France?")).collect();
        assertEquals("The capital of France is Paris.\n", r.content());
        assertInstanceOf(Usage.class, r.usage());
        assertEquals(1, backend.usage().requests());
    }
}
