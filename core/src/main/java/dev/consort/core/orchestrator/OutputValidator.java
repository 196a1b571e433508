package dev.consort.core.orchestrator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks that an answer has the shape the request asked for: JSON, JSON matching a schema, tool calls
 * naming offered tools with arguments matching their parameter schemas. Schemas are compiled once.
 */
final class OutputValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** Why the response does not have the asked shape, or empty when it does. */
    Optional<String> problem(ChatRequest request, ChatResponse response) {
        if (!response.toolCalls().isEmpty()) {
            for (ToolCall call : response.toolCalls()) {
                Optional<String> p = toolCallProblem(request, call);
                if (p.isPresent()) {
                    return p;
                }
            }
            return Optional.empty();
        }
        return switch (request.responseFormat()) {
            case ResponseFormat.Text t -> Optional.empty();
            case ResponseFormat.JsonObject j -> parse(unfenced(response.content())).flatMap(n -> n.isObject()
                    ? Optional.<String>empty() : Optional.of("the answer is JSON but not an object"))
                    .or(() -> parseError(unfenced(response.content())));
            case ResponseFormat.JsonSchema s -> parseError(unfenced(response.content()))
                    .or(() -> schemaProblem("response format '" + s.name() + "'", s.schemaJson(),
                            parse(unfenced(response.content())).orElseThrow()));
        };
    }

    /** The answer's text with a surrounding Markdown code fence removed, which models often add. */
    static String unfenced(String content) {
        String t = content.strip();
        if (t.startsWith("```") && t.endsWith("```") && t.length() >= 6) {
            int nl = t.indexOf('\n');
            if (nl > 0) {
                return t.substring(nl + 1, t.length() - 3).strip();
            }
        }
        return t;
    }

    Optional<String> toolCallProblem(ChatRequest request, ToolCall call) {
        Optional<ToolSpec> spec = request.tools().stream().filter(t -> t.name().equals(call.name())).findFirst();
        if (spec.isEmpty()) {
            return Optional.of("the model called a tool that was not offered: '" + call.name() + "' (offered: "
                    + request.tools().stream().map(ToolSpec::name).collect(Collectors.joining(", ")) + ")");
        }
        Optional<JsonNode> args = parse(call.argumentsJson());
        if (args.isEmpty()) {
            return parseError(call.argumentsJson()).map(e -> "the arguments of tool call '" + call.name() + "' "
                    + e.replaceFirst("^the answer ", ""));
        }
        if (!args.get().isObject()) {
            return Optional.of("the arguments of tool call '" + call.name() + "' are not a JSON object");
        }
        return schemaProblem("tool '" + call.name() + "'", spec.get().parametersSchemaJson(), args.get());
    }

    private Optional<String> schemaProblem(String what, String schemaJson, JsonNode value) {
        JsonSchema schema = compiled.computeIfAbsent(schemaJson, OutputValidator::compile);
        Set<ValidationMessage> errors = schema.validate(value);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("does not match the schema of " + what + ": "
                + errors.stream().map(ValidationMessage::getMessage).sorted().limit(5).collect(Collectors.joining("; ")));
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

    private static Optional<JsonNode> parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> parseError(String text) {
        if (text.isBlank()) {
            return Optional.of("the answer is empty, not JSON");
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? Optional.of("the answer is not JSON") : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of("the answer is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}
