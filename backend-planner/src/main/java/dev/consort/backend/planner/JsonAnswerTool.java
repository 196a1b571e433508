package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * How JSON output is asked of Claude, which has no {@code response_format}: one extra tool whose
 * {@code input_schema} is the wanted schema, which the model is made to call; its input is then the
 * answer's content. A schema whose top level is not an object (the API accepts object schemas only) is
 * wrapped as the one property {@code value} and unwrapped on the way back.
 *
 * @param name    the tool's name in this request; not blank
 * @param wrapped whether the answer is the input's {@code value} rather than the input itself
 */
record JsonAnswerTool(String name, boolean wrapped) {

    static final String NAME = "json_answer";
    static final String WRAPPER = "value";

    JsonAnswerTool {
        Objects.requireNonNull(name, "name is null");
    }

    /** Tells whether a tool_use block is this tool's answer rather than a real tool call. */
    boolean answers(String toolName) {
        return name.equals(toolName);
    }

    /**
     * The answer's text from the tool input: compact JSON.
     *
     * @param input the tool's input as the model gave it; not null
     */
    String content(JsonNode input, ObjectMapper json) {
        JsonNode answer = wrapped && input.has(WRAPPER) ? input.get(WRAPPER) : input;
        return AnthropicJson.compact(answer, json);
    }

    /** The {@code input_schema} for a schema: itself when it describes an object, else wrapped. */
    static ObjectNode inputSchema(JsonNode schema, ObjectMapper json) {
        if (describesObject(schema)) {
            return (ObjectNode) schema.deepCopy();
        }
        ObjectNode wrapper = json.createObjectNode().put("type", "object");
        wrapper.putObject("properties").set(WRAPPER, schema.deepCopy());
        wrapper.putArray("required").add(WRAPPER);
        return wrapper;
    }

    static boolean describesObject(JsonNode schema) {
        return schema.isObject() && "object".equals(schema.path("type").asText(null));
    }
}
