package dev.consort.backend.fast;

import static dev.consort.backend.fast.OpenAiFixture.backend;
import static dev.consort.backend.fast.OpenAiFixture.chunks;
import static dev.consort.backend.fast.OpenAiFixture.hello;
import static dev.consort.backend.fast.OpenAiFixture.recorded;
import static dev.consort.backend.fast.OpenAiFixture.recordedArguments;
import static dev.consort.backend.fast.OpenAiFixture.recordedText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiRecordedResponsesTest {

    private ReplayServer server;
    private LLMBackend backend;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        backend = backend(server);
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    @Test
    void readsANonStreamedAnswerWithItsReportedUsage() {
        server.enqueue(recorded("openai-chat-nonstream-langchaingo.json"));
        ChatResponse r = backend.chat(hello());
        assertEquals("You are a dog, which is a type of mammal.", r.content());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(Usage.exact(21, 13), r.usage());
        assertEquals("gpt-3.5-turbo-0125", r.model());
        assertTrue(r.toolCalls().isEmpty());
        assertEquals(new UsageStats(1, 21, 13, java.math.BigDecimal.ZERO, 0, false), backend.usage());
    }

    @Test
    void readsNonStreamedToolCallsWithTheirIdsAndCompactArguments() {
        server.enqueue(recorded("openai-chat-nonstream-toolcall-gpt4o-langchaingo.json"));
        server.enqueue(recorded("openai-chat-nonstream-toolcall-langchaingo.json"));
        ChatResponse first = backend.chat(hello());
        assertEquals(List.of(new ToolCall("call_ZK1sabbcL4sfbbcqmN9YALA7", "search",
                "{\"search_engine\":\"google\",\"search_query\":\"Bob Odenkirk age\"}")), first.toolCalls());
        assertEquals(FinishReason.TOOL_CALLS, first.finishReason());
        assertEquals("", first.content());
        assertEquals(Usage.exact(85, 23), first.usage());
        ChatResponse second = backend.chat(hello());
        assertEquals(List.of(new ToolCall("call_olc8qHf1RDItRqwuEBNjsu3B", "getCurrentWeather",
                "{\"location\":\"Boston\"}")), second.toolCalls());
    }

    @Test
    void streamsTextDeltasThenUsageThenOneDone() {
        server.enqueue(recorded("openai-chat-stream-text-langchaingo.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());
        StringBuilder text = new StringBuilder();
        chunks.stream().filter(c -> c instanceof ChatChunk.Text).forEach(c -> text.append(((ChatChunk.Text) c).delta()));
        assertEquals(recordedText("openai-chat-stream-text-langchaingo.sse"), text.toString());
        assertTrue(text.toString().startsWith("Sure! P"));
        assertEquals(new ChatChunk.UsageUpdate(Usage.exact(19, 82)), chunks.get(chunks.size() - 2));
        assertEquals(new ChatChunk.Done(FinishReason.STOP, Usage.exact(19, 82), "gpt-3.5-turbo-0125"),
                chunks.get(chunks.size() - 1));
        assertEquals(1, chunks.stream().filter(c -> c instanceof ChatChunk.Done).count());
        assertEquals(82, backend.usage().completionTokens());
    }

    @Test
    void streamsTheUsageChunkThatHasNoChoices() {
        server.enqueue(recorded("openai-chat-stream-usage-langchaingo.sse"));
        ChatResponse r = backend.stream(hello()).collect();
        assertEquals(recordedText("openai-chat-stream-usage-langchaingo.sse"), r.content());
        assertEquals(Usage.exact(14, 13), r.usage());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void aStreamedToolCallCountsInTheEstimateWhenTheServerReportsNoUsage() throws Exception {
        String recorded;
        try (var in = getClass().getResourceAsStream("/wire/openai-chat-stream-toolcall-pydantic-ai.sse")) {
            recorded = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // The same stream as a server that does not report usage sends it: without its usage chunk.
        String withoutUsage = String.join("\n\n", java.util.Arrays.stream(recorded.split("\n\n"))
                .filter(e -> !e.contains("\"usage\":{")).toList()) + "\n\n";
        server.enqueue(Reply.ok().contentType("text/event-stream").body(withoutUsage));
        List<ChatChunk> chunks = chunks(backend, hello());
        ChatChunk.Done done = (ChatChunk.Done) chunks.get(chunks.size() - 1);
        assertTrue(!done.usage().exact(), "estimated: the server reported none");
        OpenAiTokenCounter counter = new OpenAiTokenCounter(new OpenAiModel("gpt-4o"));
        assertEquals(counter.estimateAnswer("get_capital{\"country\":\"UK\"}"), done.usage().completionTokens(),
                "the tool call's name and arguments are the output");
    }

    @Test
    void assemblesAStreamedToolCallFromItsArgumentPieces() {
        String name = "openai-chat-stream-toolcall-pydantic-ai.sse";
        server.enqueue(recorded(name));
        List<ChatChunk> chunks = chunks(backend, hello());
        List<ChatChunk.ToolCallReady> calls = chunks.stream().filter(c -> c instanceof ChatChunk.ToolCallReady)
                .map(c -> (ChatChunk.ToolCallReady) c).toList();
        assertEquals(List.of(new ChatChunk.ToolCallReady(new ToolCall("call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital",
                "{\"country\":\"UK\"}"))), calls);
        ChatChunk.Done done = (ChatChunk.Done) chunks.get(chunks.size() - 1);
        assertEquals(FinishReason.TOOL_CALLS, done.finishReason());
        assertTrue(done.usage().exact());
    }

    @Test
    void assemblesParallelToolCallsByIndexAndYieldsEachOnce() {
        server.enqueue(recorded("openai-chat-stream-toolcall-parallel-pydantic-ai.sse"));
        ChatResponse r = backend.stream(hello()).collect();
        assertEquals(List.of(new ToolCall("call_q2UyBRP7eXNTzAoR8lEhjc9Z", "get_country", "{}"),
                new ToolCall("call_b51ijcpFkDiTQG1bQzsrmtW5", "get_product_name", "{}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(Usage.exact(364, 40), r.usage());
        assertEquals("gpt-4o-2024-08-06", r.model());
    }

    @Test
    void assemblesLongStreamedArgumentsIntoValidJson() throws Exception {
        String name = "openai-chat-stream-toolcall-longargs-pydantic-ai.sse";
        server.enqueue(recorded(name));
        ChatResponse r = backend.stream(hello()).collect();
        assertEquals(1, r.toolCalls().size());
        ToolCall call = r.toolCalls().get(0);
        assertEquals("final_result", call.name());
        assertEquals(recordedArguments(name, 0), call.argumentsJson());
        JsonNode args = OpenAiFixture.JSON.readTree(call.argumentsJson());
        assertEquals(3, args.path("answers").size(), call.argumentsJson());
        assertEquals("The capital of Mexico is Mexico City.", args.path("answers").path(0).path("answer").asText());
        assertEquals(Usage.exact(448, 62), r.usage());
    }

    @Test
    void streamsTheAnswerAfterAToolResult() {
        String name = "openai-chat-stream-text-after-tool-pydantic-ai.sse";
        server.enqueue(recorded(name));
        ChatResponse r = backend.stream(hello()).collect();
        assertEquals("The capital of the UK is London.", r.content());
        assertEquals(recordedText(name), r.content());
        assertEquals(Usage.exact(78, 9), r.usage());
    }

    @Test
    void skipsOpenRoutersCommentsAndReadsItsUsageChunk() {
        server.enqueue(recorded("openaicompat-openrouter-stream-comment-langchaingo.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());
        assertEquals(new ChatChunk.Text("test response"), chunks.get(0));
        assertEquals(new ChatChunk.Done(FinishReason.STOP, Usage.exact(586, 3),
                "meta-llama/llama-3.2-3b-instruct:free"), chunks.get(chunks.size() - 1));
        assertFalse(chunks.stream().anyMatch(c -> c instanceof ChatChunk.Text t && t.delta().isEmpty()));
    }

    @Test
    void estimatesUsageWhenAServerReportsNone() {
        String name = "openai-chat-stream-text-after-tool-pydantic-ai.sse";
        String withoutUsage = java.util.Arrays.stream(new String(OpenAiFixture.bytes(name),
                        java.nio.charset.StandardCharsets.UTF_8).split("\n", -1))
                .filter(line -> !line.contains("\"usage\":{")).collect(java.util.stream.Collectors.joining("\n"));
        server.enqueue(dev.consort.spi.testkit.Reply.ok().contentType("text/event-stream").body(withoutUsage));
        ChatResponse r = backend.stream(hello()).collect();
        assertEquals("The capital of the UK is London.", r.content());
        assertFalse(r.usage().exact());
        assertEquals(backend.countTokens(hello().messages()), r.usage().promptTokens());
        assertEquals(8, r.usage().completionTokens(), "one token a delta, as the recording streamed them");
        assertTrue(backend.usage().estimated());
    }

    @Test
    void readsGroqsUsageFromItsExtensionField() {
        server.enqueue(dev.consort.spi.testkit.Reply.ok().contentType("text/event-stream").body(
                "data: {\"model\":\"llama-3.1-8b-instant\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                        + "\"finish_reason\":null}]}\n\n"
                        + "data: {\"model\":\"llama-3.1-8b-instant\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":12,"
                        + "\"completion_tokens\":1,\"total_tokens\":13}}}\n\ndata: [DONE]\n\n"));
        assertEquals(Usage.exact(12, 1), backend.stream(hello()).collect().usage());
    }

    @Test
    void mapsRecordedRateLimitsToRateLimited() {
        server.enqueue(recorded("openai-error-429-rosnik.json").header("retry-after", "7"));
        server.enqueue(recorded("openaicompat-openrouter-error-429-langchaingo.json"));
        var openai = org.junit.jupiter.api.Assertions.assertThrows(dev.consort.spi.backend.RateLimitedException.class,
                () -> backend.chat(hello()));
        assertEquals(java.time.Duration.ofSeconds(7), openai.retryAfter().orElseThrow());
        assertTrue(openai.getMessage().startsWith("backend 'fast': HTTP 429: rate limited: Rate limit reached"),
                openai.getMessage());
        var openRouter = org.junit.jupiter.api.Assertions.assertThrows(
                dev.consort.spi.backend.RateLimitedException.class, () -> backend.stream(hello()));
        assertInstanceOf(dev.consort.spi.backend.RateLimitedException.class, openRouter);
        assertTrue(openRouter.getMessage().contains("High demand for meta-llama"), openRouter.getMessage());
        assertEquals(2, backend.usage().errors());
    }
}
