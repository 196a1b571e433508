package dev.consort.core.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * JSON Schemas compiled once and reused, through networknt's validator (draft 2020-12 unless the
 * schema names another). Used for structured output and for tool arguments. Thread-safe.
 */
public final class SchemaCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** What is wrong with {@code value} under the schema, or empty when it conforms. */
    public Optional<String> problems(String schemaJson, JsonNode value) {
        JsonSchema schema = compiled.computeIfAbsent(schemaJson, SchemaCache::compile);
        Set<ValidationMessage> errors = schema.validate(value);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(errors.stream().map(ValidationMessage::getMessage).sorted().limit(5)
                .collect(Collectors.joining("; ")));
    }

    /** Parses JSON text, or empty when it is not JSON. */
    public static Optional<JsonNode> parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static JsonSchema compile(String schemaJson) {
        try {
            JsonNode node = JSON.readTree(schemaJson);
            SpecVersion.VersionFlag version = node.has("$schema")
                    ? SpecVersionDetector.detect(node) : SpecVersion.VersionFlag.V202012;
            return JsonSchemaFactory.getInstance(version).getSchema(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON schema: " + e.getOriginalMessage(), e);
        }
    }
}
