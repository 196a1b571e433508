package dev.consort.backend.local.llamacpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.MalformedOutputException;
import dev.consort.spi.chat.ToolCall;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the grammar-constrained {@code {"name": ..., "arguments": {...}}} object a model generated into
 * a {@link ToolCall} with a fresh id ({@code call_1}, {@code call_2}, ...). Thread-safe.
 */
final class ToolCallParser {

    private final ObjectMapper json;
    private final AtomicLong ids = new AtomicLong();

    ToolCallParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Parses one call.
     *
     * @throws MalformedOutputException when the text is not a complete call (cut off at the output limit)
     */
    ToolCall parse(String text, String backend) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedOutputException(backend, "the tool call is not complete JSON (output limit "
                    + "reached?): " + e.getOriginalMessage(), 0, e);
        }
        if (node == null || !node.path("name").isTextual() || node.path("name").asText().isBlank()
                || !node.path("arguments").isObject()) {
            throw new MalformedOutputException(backend, "the tool call lacks a name or an arguments object", 0, null);
        }
        return new ToolCall("call_" + ids.incrementAndGet(), node.get("name").asText(), node.get("arguments").toString());
    }
}
