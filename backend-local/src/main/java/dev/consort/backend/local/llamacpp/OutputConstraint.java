package dev.consort.backend.local.llamacpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.LlamaModel;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolSpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How one generation is constrained, by a llama.cpp grammar (GBNF) derived from JSON schemas:
 * <ul>
 *   <li>{@link Mode#TEXT}: free text, no grammar.</li>
 *   <li>{@link Mode#JSON}: a JSON object, or a value matching the request's schema.</li>
 *   <li>{@link Mode#TOOL_CALL}: exactly one {@code {"name": <tool>, "arguments": <its parameters>}}
 *       object (a {@code oneOf} over the tools), when the request's {@code tool_choice} hint is
 *       {@code required} or names a tool.</li>
 *   <li>{@link Mode#TEXT_OR_TOOL_CALL}: the default when tools are offered: the first character decides;
 *       {@code {} commits the model to a tool call, anything else to a text answer.</li>
 * </ul>
 *
 * @param mode    the kind of output; not null
 * @param grammar the GBNF grammar, or null for {@link Mode#TEXT}
 */
record OutputConstraint(Mode mode, String grammar) {

    /** The kinds of output. */
    enum Mode { TEXT, JSON, TOOL_CALL, TEXT_OR_TOOL_CALL }

    private static final String CALL_RULE = "consort-tool-call";

    OutputConstraint {
        Objects.requireNonNull(mode, "mode is null");
        if ((mode == Mode.TEXT) != (grammar == null)) {
            throw new IllegalArgumentException("a grammar is needed for every mode but TEXT");
        }
    }

    /** Whether the output may be a tool call. */
    boolean offersTools() {
        return mode == Mode.TOOL_CALL || mode == Mode.TEXT_OR_TOOL_CALL;
    }

    /**
     * The constraint a request asks for.
     *
     * @throws InvalidRequestException when a schema is not JSON or llama.cpp cannot turn it into a grammar
     */
    static OutputConstraint of(ChatRequest request, ObjectMapper json, String backend) {
        List<ToolSpec> tools = toolsToOffer(request, backend);
        if (!tools.isEmpty()) {
            String calls = grammar(toolCallSchema(tools, json, backend).toString(), backend);
            if (tools.size() < request.tools().size() || isRequired(request)) {
                return new OutputConstraint(Mode.TOOL_CALL, calls);
            }
            String either = calls.replaceAll("(?m)^root ::=", CALL_RULE + " ::=")
                    + "\nroot ::= " + CALL_RULE + " | consort-text\nconsort-text ::= [^{] .*\n";
            return new OutputConstraint(Mode.TEXT_OR_TOOL_CALL, either);
        }
        return switch (request.responseFormat()) {
            case ResponseFormat.Text t -> new OutputConstraint(Mode.TEXT, null);
            case ResponseFormat.JsonObject o -> new OutputConstraint(Mode.JSON, grammar("{\"type\":\"object\"}", backend));
            case ResponseFormat.JsonSchema s -> {
                parse(s.schemaJson(), json, backend, "the response schema " + s.name());
                yield new OutputConstraint(Mode.JSON, grammar(s.schemaJson(), backend));
            }
        };
    }

    private static List<ToolSpec> toolsToOffer(ChatRequest request, String backend) {
        String choice = request.hint("tool_choice").map(s -> s.strip()).orElse("auto");
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto", "required", "any" -> request.tools();
            case "none" -> List.of();
            default -> {
                List<ToolSpec> named = request.tools().stream().filter(t -> t.name().equals(choice)).toList();
                if (named.isEmpty()) {
                    throw new InvalidRequestException(backend, "tool_choice names '" + choice
                            + "', which is not an offered tool", 0, null);
                }
                yield named;
            }
        };
    }

    private static boolean isRequired(ChatRequest request) {
        return request.hint("tool_choice").map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> s.equals("required") || s.equals("any")).isPresent();
    }

    private static ObjectNode toolCallSchema(List<ToolSpec> tools, ObjectMapper json, String backend) {
        ObjectNode schema = json.createObjectNode();
        ArrayNode options = schema.putArray("oneOf");
        for (ToolSpec tool : tools) {
            ObjectNode option = options.addObject();
            option.put("type", "object");
            ObjectNode properties = option.putObject("properties");
            properties.putObject("name").put("const", tool.name());
            properties.set("arguments", parse(tool.parametersSchemaJson(), json, backend,
                    "the parameters schema of tool " + tool.name()));
            option.putArray("required").add("name").add("arguments");
            option.put("additionalProperties", false);
        }
        return schema;
    }

    private static JsonNode parse(String schema, ObjectMapper json, String backend, String what) {
        try {
            JsonNode node = json.readTree(schema);
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException(backend, what + " is not a JSON object", 0, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(backend, what + " is not valid JSON: " + e.getOriginalMessage(), 0, e);
        }
    }

    private static String grammar(String schema, String backend) {
        try {
            return LlamaModel.jsonSchemaToGrammar(schema);
        } catch (RuntimeException e) {
            throw new InvalidRequestException(backend, "llama.cpp cannot turn the JSON schema into a grammar: "
                    + e.getMessage(), 0, e);
        }
    }
}
