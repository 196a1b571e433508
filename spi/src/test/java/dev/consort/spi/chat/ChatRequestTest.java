package dev.consort.spi.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestTest {

    private static final List<Message> HELLO = List.of(Message.user("hello"));

    @Test
    void refusesEmptyMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatRequest.of(List.of()));
        assertEquals("messages is empty", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.of(null));
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder().build());
    }

    @Test
    void refusesNegativeMaxTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequest.builder().messages(HELLO).maxTokens(-1).build());
        assertEquals("maxTokens is negative: -1", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 2.01, -1, 100, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void refusesATemperatureOutsideZeroToTwo(double t) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequest.builder().messages(HELLO).temperature(t).build());
        assertTrue(e.getMessage().startsWith("temperature must be between 0 and 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.7, 2})
    void acceptsATemperatureWithinZeroToTwo(double t) {
        ChatRequest r = ChatRequest.builder().messages(HELLO).temperature(t).build();
        assertEquals(OptionalDouble.of(t), r.temperatureIfSet());
    }

    @Test
    void nanTemperatureMeansTheBackendsDefault() {
        ChatRequest r = ChatRequest.builder().messages(HELLO).temperature(Double.NaN).build();
        assertTrue(Double.isNaN(r.temperature()));
        assertEquals(OptionalDouble.empty(), r.temperatureIfSet());
    }

    @Test
    void zeroMaxTokensMeansTheBackendsDefault() {
        assertEquals(OptionalInt.empty(), ChatRequest.of(HELLO).maxTokensIfSet());
        assertEquals(OptionalInt.of(100), ChatRequest.builder().messages(HELLO).maxTokens(100).build().maxTokensIfSet());
    }

    @Test
    void ofFillsDefaults() {
        ChatRequest r = ChatRequest.of(HELLO);
        assertEquals(HELLO, r.messages());
        assertEquals(0, r.maxTokens());
        assertTrue(Double.isNaN(r.temperature()));
        assertEquals(List.of(), r.tools());
        assertSame(ResponseFormat.TEXT, r.responseFormat());
        assertEquals(List.of(), r.stop());
        assertEquals(Map.of(), r.hints());
    }

    @Test
    void nullCollectionsAndFormatBecomeDefaults() {
        ChatRequest r = new ChatRequest(HELLO, 0, Double.NaN, null, null, null, null);
        assertEquals(List.of(), r.tools());
        assertEquals(ResponseFormat.TEXT, r.responseFormat());
        assertEquals(List.of(), r.stop());
        assertEquals(Map.of(), r.hints());
    }

    @Test
    void copiesItsCollections() {
        List<Message> messages = new ArrayList<>(HELLO);
        List<String> stop = new ArrayList<>(List.of("END"));
        Map<String, String> hints = new HashMap<>(Map.of("reasoning_effort", "low"));
        ChatRequest r = new ChatRequest(messages, 0, Double.NaN, List.of(), ResponseFormat.TEXT, stop, hints);
        messages.add(Message.user("more"));
        stop.add("STOP");
        hints.put("x", "y");
        assertEquals(1, r.messages().size());
        assertEquals(List.of("END"), r.stop());
        assertEquals(Map.of("reasoning_effort", "low"), r.hints());
        assertThrows(UnsupportedOperationException.class, () -> r.messages().add(Message.user("x")));
        assertThrows(UnsupportedOperationException.class, () -> r.hints().put("a", "b"));
    }

    @Test
    void builderAndToBuilderRoundTrip() {
        ToolSpec tool = new ToolSpec("read_file", "reads", "{\"type\":\"object\"}");
        ChatRequest original = ChatRequest.builder()
                .messages(HELLO)
                .maxTokens(256)
                .temperature(0.3)
                .tools(List.of(tool))
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .stop(List.of("END"))
                .hints(Map.of("thinking_budget", "1024"))
                .build();
        assertEquals(original, original.toBuilder().build());
        ChatRequest changed = original.toBuilder().maxTokens(10).build();
        assertEquals(10, changed.maxTokens());
        assertEquals(original.tools(), changed.tools());
        assertEquals(original.hints(), changed.hints());
        assertEquals(0.3, changed.temperature());
    }

    @Test
    void withMessagesKeepsEverythingElse() {
        ChatRequest r = ChatRequest.builder().messages(HELLO).maxTokens(5).stop(List.of("x")).build();
        List<Message> other = List.of(Message.system("be brief"), Message.user("hi"));
        ChatRequest w = r.withMessages(other);
        assertEquals(other, w.messages());
        assertEquals(5, w.maxTokens());
        assertEquals(List.of("x"), w.stop());
        assertThrows(IllegalArgumentException.class, () -> r.withMessages(List.of()));
    }

    @Test
    void readsHintsByName() {
        ChatRequest r = ChatRequest.builder().messages(HELLO).hints(Map.of("reasoning_effort", "high")).build();
        assertEquals(Optional.of("high"), r.hint("reasoning_effort"));
        assertEquals(Optional.empty(), r.hint("other"));
        assertThrows(NullPointerException.class, () -> r.hint(null));
    }
}
