package dev.consort.spi.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

    private static final ToolCall CALL = new ToolCall("call_1", "read_file", "{\"path\":\"a\"}");

    @Test
    void refusesNullContentWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Message.user(null));
        assertEquals("content is null", e.getMessage());
    }

    @Test
    void refusesNullRole() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Message(null, "hi", null, null, List.of()));
        assertEquals("role is null", e.getMessage());
    }

    @Test
    void allowsEmptyContentForAnAssistantThatOnlyCallsTools() {
        Message m = Message.assistant("", List.of(CALL));
        assertEquals("", m.content());
        assertTrue(m.hasToolCalls());
    }

    @Test
    void toolMessageNeedsTheIdOfTheCallItAnswers() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Message.tool(null, "read_file", "result"));
        assertTrue(missing.getMessage().contains("toolCallId"), missing.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> Message.tool("  ", "read_file", "result"));
        assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
    }

    @Test
    void toolMessageKeepsIdNameAndContent() {
        Message m = Message.tool("call_1", "read_file", "contents");
        assertEquals(Role.TOOL, m.role());
        assertEquals("call_1", m.toolCallId());
        assertEquals("read_file", m.name());
        assertEquals("contents", m.content());
        assertFalse(m.hasToolCalls());
    }

    @Test
    void onlyToolMessagesCarryAToolCallId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Message(Role.USER, "hi", null, "call_1", List.of()));
        assertTrue(e.getMessage().contains("only for tool messages"), e.getMessage());
    }

    @Test
    void onlyAssistantMessagesCarryToolCalls() {
        for (Role role : List.of(Role.SYSTEM, Role.USER)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Message(role, "x", null, null, List.of(CALL)));
            assertTrue(e.getMessage().contains("only assistant messages"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Message(Role.TOOL, "x", null, "id", List.of(CALL)));
    }

    @Test
    void copiesTheToolCallListAndMakesItImmutable() {
        List<ToolCall> calls = new ArrayList<>(List.of(CALL));
        Message m = Message.assistant("", calls);
        calls.add(new ToolCall("call_2", "other", "{}"));
        assertEquals(List.of(CALL), m.toolCalls());
        assertThrows(UnsupportedOperationException.class, () -> m.toolCalls().add(CALL));
    }

    @Test
    void nullToolCallsBecomeAnEmptyList() {
        Message m = new Message(Role.ASSISTANT, "hi", null, null, null);
        assertEquals(List.of(), m.toolCalls());
        assertFalse(m.hasToolCalls());
    }

    @Test
    void factoriesSetTheRole() {
        assertEquals(Role.SYSTEM, Message.system("s").role());
        assertEquals(Role.USER, Message.user("u").role());
        assertEquals(Role.ASSISTANT, Message.assistant("a").role());
        assertNull(Message.user("u").toolCallId());
    }

    @Test
    void rolesHaveLowerCaseWireNames() {
        assertEquals("system", Role.SYSTEM.wireName());
        assertEquals("assistant", Role.ASSISTANT.wireName());
        assertEquals("tool", Role.TOOL.wireName());
        assertEquals("user", Role.USER.wireName());
    }
}
