package dev.consort.backend.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON Schema into the OpenAPI 3.0 subset Gemini's {@code Schema} accepts (for
 * {@code functionDeclarations[].parameters} and {@code generationConfig.responseSchema}). Gemini
 * answers 400 to keywords outside its list, so unknown ones ({@code $schema}, {@code $id},
 * {@code $ref}, {@code $defs}, {@code additionalProperties}, {@code allOf}, {@code not},
 * {@code exclusiveMinimum}, {@code multipleOf}, {@code uniqueItems}, ...) are dropped, and a few are
 * rewritten: {@code type: [T, "null"]} to {@code type: T, nullable: true}, {@code const} to a one-value
 * {@code enum}, {@code oneOf} to {@code anyOf}; string formats other than {@code date-time} and
 * {@code enum}, non-string enums, and {@code required} names without a property are dropped.
 */
final class GeminiSchemaSanitizer {

    private static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    private static final Set<String> STRING_FORMATS = Set.of("date-time", "enum");
    private static final Set<String> NUMBER_FORMATS = Set.of("int32", "int64", "float", "double");

    private GeminiSchemaSanitizer() {
    }

    /**
     * The Gemini form of a schema.
     *
     * @param schema a JSON Schema object; not changed
     * @return a new object
     */
    static ObjectNode sanitize(JsonNode schema) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (!schema.isObject()) {
            return out;
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            String single = null;
            boolean nullable = false;
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    nullable = true;
                } else if (single == null) {
                    single = t.asText();
                }
            }
            if (single != null) {
                out.put("type", single);
            }
            if (nullable) {
                out.put("nullable", true);
            }
        } else if (type != null && type.isTextual()) {
            out.put("type", type.asText());
        }
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "type" -> {
                    // handled above
                }
                case "properties" -> {
                    if (value.isObject()) {
                        ObjectNode props = out.putObject("properties");
                        value.properties().forEach(p -> props.set(p.getKey(), sanitize(p.getValue())));
                    }
                }
                case "items" -> {
                    if (value.isObject()) {
                        out.set("items", sanitize(value));
                    }
                }
                case "anyOf", "oneOf" -> {
                    if (value.isArray()) {
                        ArrayNode any = out.putArray("anyOf");
                        value.forEach(v -> any.add(sanitize(v)));
                    }
                }
                case "const" -> {
                    if (value.isTextual()) {
                        out.putArray("enum").add(value.asText());
                    }
                }
                case "enum" -> {
                    if (value.isArray() && allText(value)) {
                        out.set("enum", value.deepCopy());
                    }
                }
                case "format" -> {
                    String f = value.asText();
                    String t = out.path("type").asText("");
                    if ("string".equals(t) ? STRING_FORMATS.contains(f) : NUMBER_FORMATS.contains(f)) {
                        out.put("format", f);
                    }
                }
                case "required" -> {
                    // written last, against the properties kept
                }
                default -> {
                    if (KEPT.contains(key)) {
                        out.set(key, value.deepCopy());
                    }
                }
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray() && out.has("properties")) {
            ArrayNode req = JsonNodeFactory.instance.arrayNode();
            required.forEach(r -> {
                if (out.path("properties").has(r.asText())) {
                    req.add(r.asText());
                }
            });
            if (!req.isEmpty()) {
                out.set("required", req);
            }
        }
        return out;
    }

    /**
     * Tells whether a sanitized parameters schema says nothing: Gemini refuses an {@code OBJECT} with no
     * properties, so such a function is declared without parameters.
     */
    static boolean isEmptyObject(ObjectNode schema) {
        return "object".equals(schema.path("type").asText("object")) && schema.path("properties").isEmpty()
                && !schema.has("anyOf");
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
