package dev.consort.tools.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.tool.ToolException;
import java.io.IOException;

/** Reads a tool's JSON arguments. */
final class Arguments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode node;

    private Arguments(JsonNode node) {
        this.node = node;
    }

    static Arguments parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new ToolException("arguments must be a JSON object");
            }
            return new Arguments(node);
        } catch (IOException e) {
            throw new ToolException("arguments are not valid JSON: " + e.getMessage(), e);
        }
    }

    String string(String key, String fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    String requireString(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new ToolException("argument '" + key + "' is required and must be a string");
        }
        return v.asText();
    }

    int integer(String key, int fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : v.asInt(fallback);
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : v.asBoolean(fallback);
    }
}
