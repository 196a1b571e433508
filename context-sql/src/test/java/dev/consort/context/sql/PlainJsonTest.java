package dev.consort.context.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

    @Test
    void roundTripsStringsWithQuotesBackslashesControlCharactersAndAstralCharacters() {
        String nasty = "say \"hi\" \\ path\\to\nnew line\ttab \u0001 \u00e9 \ud83d\ude00 </script>";
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", "call_1");
        object.put("arguments", "{\"path\":\"a b\"}");
        object.put("none", null);
        List<Object> value = List.of(nasty, List.of(), object, List.of("x", List.of("y")));

        assertEquals(value.toString(), PlainJson.read(PlainJson.write(value)).toString());
        assertEquals(List.of("a", nasty), PlainJson.readStringList(PlainJson.write(List.of("a", nasty))));
    }

    @Test
    void readsWhitespaceAndUnicodeEscapes() {
        assertEquals(List.of("\u00e9", "/"), PlainJson.readStringList(" [ \"\\u00e9\" , \"\\/\" ] "));
    }

    @Test
    void refusesWhatItCannotRepresent() {
        assertThrows(IllegalArgumentException.class, () -> PlainJson.write(42));
        assertThrows(IllegalArgumentException.class, () -> PlainJson.read("[1]"));
        assertThrows(IllegalArgumentException.class, () -> PlainJson.read("[\"a\""));
        assertThrows(IllegalArgumentException.class, () -> PlainJson.read("[] x"));
        assertThrows(IllegalArgumentException.class, () -> PlainJson.readStringList("[null]"));
    }
}
