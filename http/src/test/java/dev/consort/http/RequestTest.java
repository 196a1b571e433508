package dev.consort.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Request} accepts: nothing that could put a line break or a bad token on the wire. */
class RequestTest {

    private static final URI URL = URI.create("http://127.0.0.1:1/x");

    private static Request withHeader(String name, String value) {
        Map<String, String> h = new HashMap<>();
        h.put(name, value);
        return new Request("GET", URL, h, new byte[0], Wire.PATIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "a\rb", "a\u0000b", "caf\u20ac"})
    void refusesAHeaderValueWithALineBreakOrACharacterHttpCannotCarry(String value) {
        assertThrows(IllegalArgumentException.class, () -> withHeader("X-Test", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Bad:Name", "X-\r\nInjected", "X\tY", "(x)", "a/b", "a@b", "na\u00efve",
        "x\u007f"})
    void refusesAHeaderNameThatIsNotAToken(String name) {
        assertThrows(IllegalArgumentException.class, () -> withHeader(name, "v"));
    }

    @Test
    void refusesANullHeaderNameOrValue() {
        assertThrows(IllegalArgumentException.class, () -> withHeader(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> withHeader("X-Test", null));
    }

    @Test
    void acceptsTokenNamesAndValuesWithTabsAndLatin1() {
        Request r = withHeader("X-Custom_Header.1~!#$%&'*+^`|", "a\tb caf\u00e9");
        assertEquals("a\tb caf\u00e9", r.headers().get("X-Custom_Header.1~!#$%&'*+^`|"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "get", "GE T", "GET\r\n", "PO5T"})
    void refusesAMethodThatIsNotUpperCaseLetters(String method) {
        assertThrows(IllegalArgumentException.class,
                () -> new Request(method, URL, Map.of(), new byte[0], Wire.PATIENT));
    }

    @Test
    void refusesAReadTimeoutThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new Request("GET", URL, Map.of(), new byte[0], Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Request("GET", URL, Map.of(), new byte[0], Duration.ofMillis(-1)));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new Request(null, URL, Map.of(), new byte[0], Wire.PATIENT));
        assertThrows(NullPointerException.class, () -> new Request("GET", null, Map.of(), new byte[0], Wire.PATIENT));
        assertThrows(NullPointerException.class, () -> new Request("GET", URL, Map.of(), null, Wire.PATIENT));
        assertThrows(NullPointerException.class, () -> new Request("GET", URL, Map.of(), new byte[0], null));
    }

    @Test
    void copiesTheHeadersKeepingTheirOrderAndCannotBeChangedAfterwards() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("B", "2");
        h.put("A", "1");
        h.put("C", "3");
        Request r = new Request("GET", URL, h, new byte[0], Wire.PATIENT);
        h.put("D", "4");
        assertEquals(List.of("B", "A", "C"), List.copyOf(r.headers().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> r.headers().put("E", "5"));
    }

    @Test
    void postIsAPostOfTheBody() {
        byte[] body = {1, 2, 3};
        Request r = Request.post(URL, Map.of("A", "1"), body, Wire.PATIENT);
        assertEquals("POST", r.method());
        assertArrayEquals(body, r.body());
        assertEquals(Map.of("A", "1"), r.headers());
    }
}
