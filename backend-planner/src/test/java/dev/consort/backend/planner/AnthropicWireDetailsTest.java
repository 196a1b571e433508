package dev.consort.backend.planner;

import static dev.consort.backend.planner.AnthropicFixture.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Details of the wire format no recording shows, on hand-written bodies in the API's documented shape:
 * a whole answer with thinking and tool calls, prompt-cache figures, refusals, forward-compatible events.
 */
class AnthropicWireDetailsTest {

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
    void readsAWholeAnswerWithThinkingToolCallsAndCacheFigures() {
        server.enqueue(Reply.ok().contentType("application/json").body("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-1-20250805",
                 "content":[
                  {"type":"thinking","thinking":"Need the file first.","signature":"c2ln"},
                  {"type":"redacted_thinking","data":"ZW5j"},
                  {"type":"text","text":"Reading it."},
                  {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
                  {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
                  {"type":"tool_use","id":"toolu_1","name":"read_file","input":{"path": "pom.xml", "limit": 10.0}},
                  {"type":"tool_use","id":"toolu_2","name":"list_dir","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":12,"cache_creation_input_tokens":1000,"cache_read_input_tokens":3000,
                          "output_tokens":77}}"""));
        ChatResponse r = backend.chat(hello());

        assertEquals("Reading it.", r.content());
        assertEquals("Need the file first.", r.reasoning());
        assertEquals(List.of(new ToolCall("toolu_1", "read_file", "{\"path\":\"pom.xml\",\"limit\":10.0}"),
                new ToolCall("toolu_2", "list_dir", "{}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(new Usage(4012, 77, 3000, 1000, 0, true), r.usage());
        assertEquals("claude-opus-4-1-20250805", r.model());
    }

    @Test
    void countsCachedInputInTheStreamedPrompt() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":"
                        + "{\"input_tokens\":5,\"cache_creation_input_tokens\":null,\"cache_read_input_tokens\":2000,"
                        + "\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"Hi\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"},"
                        + "\"usage\":{\"output_tokens\":3}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        ChatResponse r = backend.stream(hello()).collect();

        assertEquals("Hi", r.content());
        assertEquals(FinishReason.CONTENT_FILTER, r.finishReason());
        assertEquals(new Usage(2005, 3, 2000, 0, 0, true), r.usage());
    }

    @Test
    void ignoresUnknownEventsBlocksAndDeltas() {
        server.enqueue(Reply.ok().contentType("text/event-stream").body(
                ": a comment\n\n"
                        + "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":"
                        + "{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
                        + "event: telemetry_v9\ndata: {\"type\":\"telemetry_v9\",\"x\":1}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"hologram\",\"payload\":{}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"hologram_delta\",\"bits\":\"...\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                        + "\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"pause_turn\"},"
                        + "\"usage\":{\"output_tokens\":2}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        List<ChatChunk> chunks = AnthropicFixture.chunks(backend, hello());

        assertEquals("ok", AnthropicFixture.text(chunks));
        assertEquals(FinishReason.OTHER, AnthropicFixture.done(chunks).finishReason());
        assertTrue(AnthropicFixture.calls(chunks).isEmpty());
    }

    @Test
    void mapsAnErrorBodyWithStatus200ToItsFailure() {
        server.enqueue(Reply.ok().contentType("application/json")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        org.junit.jupiter.api.Assertions.assertThrows(dev.consort.spi.backend.OverloadedException.class,
                () -> backend.chat(hello()));
    }
}
