package dev.consort.core.orchestrator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.core.schema.SchemaCache;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks that an answer has the shape the request asked for: JSON, JSON matching a schema, tool calls
 * naming offered tools with arguments matching their parameter schemas. Schemas are compiled once.
 */
final class OutputValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SchemaCache schemas = new SchemaCache();

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
        return schemas.problems(schemaJson, value).map(p -> "does not match the schema of " + what + ": " + p);
    }

    private static Optional<JsonNode> parse(String text) {
        return SchemaCache.parse(text);
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
