package dev.consort.backend.planner;

import static dev.consort.backend.planner.AnthropicFixture.calls;
import static dev.consort.backend.planner.AnthropicFixture.chunks;
import static dev.consort.backend.planner.AnthropicFixture.done;
import static dev.consort.backend.planner.AnthropicFixture.hello;
import static dev.consort.backend.planner.AnthropicFixture.reasoning;
import static dev.consort.backend.planner.AnthropicFixture.recorded;
import static dev.consort.backend.planner.AnthropicFixture.recordedDeltas;
import static dev.consort.backend.planner.AnthropicFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.testkit.ReplayServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Anthropic recording, replayed whole, and what the adapter makes of it. */
class AnthropicRecordedResponsesTest {

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

    @Test
    void streamsTextDeltasAndReportsExactUsageAndModel() {
        server.enqueue(recorded("anthropic-messages-stream-text-langchaingo.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());

        assertEquals("1\n2\n3\n4\n5", text(chunks));
        assertEquals(List.of(new ChatChunk.Text("1"), new ChatChunk.Text("\n2\n3"), new ChatChunk.Text("\n4\n5")),
                chunks.stream().filter(c -> c instanceof ChatChunk.Text).toList());
        ChatChunk.Done done = done(chunks);
        assertEquals(FinishReason.STOP, done.finishReason());
        assertEquals(Usage.exact(15, 13), done.usage());
        assertEquals("claude-3-opus-20240229", done.model());
        assertEquals(1, chunks.stream().filter(c -> c instanceof ChatChunk.Done).count());
    }

    @Test
    void emitsUsageUpdatesAtMessageStartAndMessageDelta() {
        server.enqueue(recorded("anthropic-messages-stream-text-langchaingo.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());

        List<Usage> updates = chunks.stream().filter(c -> c instanceof ChatChunk.UsageUpdate)
                .map(c -> ((ChatChunk.UsageUpdate) c).usage()).toList();
        assertEquals(2, updates.size(), updates.toString());
        assertInstanceOf(ChatChunk.UsageUpdate.class, chunks.get(0), "message_start comes first");
        assertEquals(15, updates.get(0).promptTokens());
        assertEquals(3, updates.get(0).completionTokens());
        assertEquals(Usage.exact(15, 13), updates.get(1));
    }

    @Test
    void readsAWholeAnswer() {
        server.enqueue(recorded("anthropic-messages-nonstream-langchaingo.json"));
        ChatResponse r = backend.chat(hello());

        assertTrue(r.content().startsWith("Hello! As an AI language model"), r.content());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(Usage.exact(13, 35), r.usage());
        assertEquals("claude-3-opus-20240229", r.model());
        assertTrue(r.toolCalls().isEmpty());
        assertEquals("", r.reasoning());
    }

    @Test
    void mapsStopReasonMaxTokensToLength() {
        server.enqueue(recorded("anthropic-messages-nonstream-maxtokens-langchaingo.json"));
        ChatResponse r = backend.chat(hello());

        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(Usage.exact(611, 100), r.usage());
        assertTrue(r.content().endsWith("Could you please provide the city"), r.content());
    }

    @Test
    void assemblesStreamedToolCallsIntoOneChunkEachWithCompactArguments() {
        server.enqueue(recorded("anthropic-messages-stream-tooluse-langchaingo.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());

        assertEquals("I'll calculate the tip and get the waiter's name for you.", text(chunks));
        assertEquals(List.of(
                new ToolCall("toolu_01VsaoaKxpzdz8vgY4hTGjE3", "calculateTip", "{\"billAmount\":50,\"tipPercentage\":15}"),
                new ToolCall("toolu_01Uksi8drJHeC8rCj8yVUtCJ", "getWaiterName", "{}")), calls(chunks));
        assertEquals(FinishReason.TOOL_CALLS, done(chunks).finishReason());
        assertEquals(Usage.exact(679, 111), done(chunks).usage());
    }

    @Test
    void assemblesParallelToolCallsWithoutArguments() {
        server.enqueue(recorded("anthropic-messages-stream-tooluse-parallel-llm-anthropic.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());

        assertEquals(List.of(new ToolCall("toolu_01LtHJmixrs9NcWQkK8hu8hj", "pelican_name_generator", "{}"),
                new ToolCall("toolu_01N8a4jWyf116qKTMqKKmjyt", "pelican_name_generator", "{}")), calls(chunks));
        assertEquals("", text(chunks));
        assertEquals(FinishReason.TOOL_CALLS, done(chunks).finishReason());
        assertEquals(Usage.exact(542, 62), done(chunks).usage());
    }

    @Test
    void streamsThinkingAsReasoningApartFromTheAnswer() {
        String name = "anthropic-messages-stream-thinking-llm-anthropic.sse";
        server.enqueue(recorded(name));
        List<ChatChunk> chunks = chunks(backend, hello());

        assertEquals(recordedDeltas(name, "thinking_delta", "thinking"), reasoning(chunks));
        assertTrue(reasoning(chunks).startsWith("The user wants two names for a pet pelican"));
        assertEquals("- Captain\n- Scoop", text(chunks));
        assertEquals(FinishReason.STOP, done(chunks).finishReason());
        assertEquals(Usage.exact(46, 84), done(chunks).usage());
        assertEquals("claude-sonnet-4-5-20250929", done(chunks).model());
    }

    @Test
    void streamsALongThinkingAnswerWhole() {
        String name = "anthropic-messages-stream-thinking-pydantic-ai.sse";
        server.enqueue(recorded(name));
        ChatResponse r = backend.stream(hello()).collect();

        assertEquals(recordedDeltas(name, "thinking_delta", "thinking"), r.reasoning());
        assertEquals(recordedDeltas(name, "text_delta", "text"), r.content());
        assertTrue(r.content().startsWith("Here are the basic steps for safely crossing the street:"));
        assertEquals(Usage.exact(43, 282), r.usage());
    }

    @Test
    void reportsThinkingTokensOfAThinkingToolCall() {
        server.enqueue(recorded("anthropic-messages-stream-thinking-tooluse-llm-anthropic.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());

        assertTrue(reasoning(chunks).contains("Let me first call the fixed_version tool"));
        assertEquals(List.of(new ToolCall("toolu_01825dXWLSoJwCst1qTsiWdb", "fixed_version", "{}")), calls(chunks));
        assertEquals(FinishReason.TOOL_CALLS, done(chunks).finishReason());
        assertEquals(new Usage(598, 92, 0, 0, 53, true), done(chunks).usage());
    }

    @Test
    void skipsServerToolBlocksAndKeepsTheClientToolCall() {
        server.enqueue(recorded("anthropic-messages-stream-servertool-tooluse-pydantic-ai.sse"));
        List<ChatChunk> chunks = chunks(backend, hello());

        assertEquals(List.of(new ToolCall("toolu_01EFn5wTNBYA8Reni8rbmnHT", "get_exchange_rate",
                "{\"from_currency\":\"USD\",\"to_currency\":\"EUR\"}")), calls(chunks));
        assertEquals("Let me search for a tool that can provide current exchange rate information."
                + "I found the right tool! Let me fetch the current USD to EUR exchange rate for you.", text(chunks));
        assertEquals(FinishReason.TOOL_CALLS, done(chunks).finishReason());
        // message_delta reports the input of both server-side turns: the later, larger figure wins
        assertEquals(Usage.exact(1591, 175), done(chunks).usage());
        assertEquals("claude-sonnet-4-6", done(chunks).model());
    }

    @Test
    void everyRecordedStreamEndsInExactlyOneDoneAndNothingAfter() {
        for (String name : AnthropicFixture.STREAMS) {
            server.enqueue(recorded(name));
            List<ChatChunk> chunks = chunks(backend, hello());
            assertInstanceOf(ChatChunk.Done.class, chunks.get(chunks.size() - 1), name);
            assertEquals(1, chunks.stream().filter(c -> c instanceof ChatChunk.Done).count(), name);
            assertTrue(done(chunks).usage().exact(), name);
            assertFalse(chunks.stream().anyMatch(c -> c instanceof ChatChunk.Text t && t.delta().isEmpty()), name);
        }
        assertEquals(AnthropicFixture.STREAMS.size(), backend.usage().requests());
        assertEquals(0, backend.usage().errors());
        assertFalse(backend.usage().estimated());
    }
}
