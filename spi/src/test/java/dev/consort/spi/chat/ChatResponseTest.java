package dev.consort.spi.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponseTest {

    private static final ToolCall CALL = new ToolCall("c1", "f", "{}");

    @Test
    void refusesMissingContentFinishReasonOrUsage() {
        assertEquals("content is null", assertThrows(IllegalArgumentException.class,
                () -> new ChatResponse(null, "", FinishReason.STOP, List.of(), Usage.ZERO, "m")).getMessage());
        assertEquals("finishReason is null", assertThrows(IllegalArgumentException.class,
                () -> new ChatResponse("", "", null, List.of(), Usage.ZERO, "m")).getMessage());
        assertEquals("usage is null", assertThrows(IllegalArgumentException.class,
                () -> new ChatResponse("", "", FinishReason.STOP, List.of(), null, "m")).getMessage());
    }

    @Test
    void nullReasoningModelAndToolCallsBecomeEmpty() {
        ChatResponse r = new ChatResponse("hi", null, FinishReason.STOP, null, Usage.ZERO, null);
        assertEquals("", r.reasoning());
        assertEquals("", r.model());
        assertEquals(List.of(), r.toolCalls());
    }

    @Test
    void copiesToolCalls() {
        List<ToolCall> calls = new ArrayList<>(List.of(CALL));
        ChatResponse r = new ChatResponse("", "", FinishReason.TOOL_CALLS, calls, Usage.ZERO, "m");
        calls.clear();
        assertEquals(List.of(CALL), r.toolCalls());
        assertThrows(UnsupportedOperationException.class, () -> r.toolCalls().clear());
    }

    @Test
    void becomesAnAssistantMessageWithItsToolCalls() {
        ChatResponse r = new ChatResponse("let me look", "", FinishReason.TOOL_CALLS, List.of(CALL), Usage.ZERO, "m");
        Message m = r.toMessage();
        assertEquals(Role.ASSISTANT, m.role());
        assertEquals("let me look", m.content());
        assertEquals(List.of(CALL), m.toolCalls());
        assertTrue(m.hasToolCalls());
        assertFalse(new ChatResponse("x", "", FinishReason.STOP, List.of(), Usage.ZERO, "").toMessage().hasToolCalls());
    }

    @Test
    void responseFormatSaysWhetherJsonIsWanted() {
        assertFalse(ResponseFormat.TEXT.wantsJson());
        assertTrue(ResponseFormat.JSON_OBJECT.wantsJson());
        ResponseFormat schema = ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}");
        assertTrue(schema.wantsJson());
        assertTrue(((ResponseFormat.JsonSchema) schema).strict());
    }

    @Test
    void jsonSchemaNeedsANameAndASchema() {
        assertThrows(IllegalArgumentException.class, () -> new ResponseFormat.JsonSchema(" ", "{}", true));
        assertThrows(IllegalArgumentException.class, () -> new ResponseFormat.JsonSchema("n", "", true));
        assertThrows(NullPointerException.class, () -> ResponseFormat.jsonSchema(null, "{}"));
    }

    @Test
    void chunksRefuseNullParts() {
        assertThrows(NullPointerException.class, () -> new ChatChunk.Text(null));
        assertThrows(NullPointerException.class, () -> new ChatChunk.Reasoning(null));
        assertThrows(NullPointerException.class, () -> new ChatChunk.ToolCallReady(null));
        assertThrows(NullPointerException.class, () -> new ChatChunk.Done(null, Usage.ZERO, "m"));
        assertThrows(NullPointerException.class, () -> new ChatChunk.Restarted("a", null, "r"));
        assertThrows(NullPointerException.class, () -> new ChatChunk.Failed(null, "m"));
        assertEquals("", new ChatChunk.Done(FinishReason.STOP, Usage.ZERO, null).model());
    }
}
