package dev.consort.spi.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ToolCallTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void refusesABlankId(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ToolCall(id, "f", "{}"));
        assertEquals(id == null ? "id is null" : "id is blank", e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesABlankName(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ToolCall("c", name, "{}"));
        assertEquals(name == null ? "name is null" : "name is blank", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void blankArgumentsBecomeAnEmptyObject(String args) {
        assertEquals("{}", new ToolCall("c", "f", args).argumentsJson());
    }

    @Test
    void keepsArgumentsExactlyAsTheModelWroteThemEvenWhenInvalid() {
        assertEquals("{\"a\": 1", new ToolCall("c", "f", "{\"a\": 1").argumentsJson());
    }

    @Test
    void refusesNullArguments() {
        assertThrows(NullPointerException.class, () -> new ToolCall("c", "f", null));
    }

    @Test
    void toolSpecNeedsANameAndASchema() {
        assertThrows(IllegalArgumentException.class, () -> new ToolSpec(" ", "d", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new ToolSpec("n", "d", ""));
        assertThrows(NullPointerException.class, () -> new ToolSpec("n", null, "{}"));
        assertEquals("n", new ToolSpec("n", "", "{\"type\":\"object\"}").name());
    }
}
