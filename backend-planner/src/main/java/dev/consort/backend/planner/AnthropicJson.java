package dev.consort.backend.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The module's JSON mapper, and the compact form of tool arguments. Decimals are kept exactly as
 * written ({@code 1.50} stays {@code 1.50}) so that arguments re-serialized compactly mean what the
 * model wrote. Thread-safe.
 */
final class AnthropicJson {

    private AnthropicJson() {
    }

    static ObjectMapper mapper() {
        ObjectMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        m.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        return m;
    }

    /**
     * Tool arguments as compact JSON object text. Text that is not one JSON value is kept as it came:
     * the orchestrator validates arguments and asks again.
     *
     * @param text the arguments as streamed; may be blank (no arguments)
     */
    static String compactArguments(String text, ObjectMapper json) {
        if (text == null || text.isBlank()) {
            return "{}";
        }
        try {
            return compact(json.readTree(text), json);
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    /** A tree as compact text. */
    static String compact(JsonNode node, ObjectMapper json) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
