package dev.consort.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OpenAI Chat Completions request body into a provider-neutral {@link ChatRequest}. Fields the
 * orchestrator has no use for ({@code user}, {@code seed}, {@code logprobs}...) are ignored, as OpenAI's
 * own SDKs send them freely; fields that would change the answer and cannot be honoured are refused.
 */
final class ChatCompletionReader {

    /**
     * A read request.
     *
     * @param model        the {@code model} field as sent
     * @param request      the request
     * @param stream       whether an SSE stream was asked for
     * @param includeUsage whether {@code stream_options.include_usage} was set
     */
    record Parsed(String model, ChatRequest request, boolean stream, boolean includeUsage) {
    }

    private final ObjectMapper json;

    ChatCompletionReader(ObjectMapper json) {
        this.json = json;
    }

    Parsed read(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw GatewayError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw GatewayError.badRequest("The request body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw GatewayError.badRequest("The request body must be a JSON object.");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayError.badRequest("'model' is required: a backend, task:TYPE or a configured alias.");
        }
        if (root.path("n").asInt(1) != 1) {
            throw GatewayError.badRequest("'n' must be 1: the gateway returns one choice.");
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(messages(root.get("messages")));
        JsonNode max = root.hasNonNull("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() <= 0) {
                throw GatewayError.badRequest("'max_tokens' must be a positive whole number.");
            }
            b.maxTokens(max.asInt());
        }
        JsonNode temperature = root.get("temperature");
        if (temperature != null && !temperature.isNull()) {
            if (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2) {
                throw GatewayError.badRequest("'temperature' must be a number from 0 to 2.");
            }
            b.temperature(temperature.asDouble());
        }
        b.stop(stop(root.get("stop")));
        b.tools(tools(root.get("tools")));
        b.responseFormat(responseFormat(root.get("response_format")));
        b.hints(hints(root));
        boolean stream = root.path("stream").asBoolean(false);
        boolean usage = root.path("stream_options").path("include_usage").asBoolean(false);
        try {
            return new Parsed(model.asText(), b.build(), stream, usage);
        } catch (IllegalArgumentException e) {
            throw GatewayError.badRequest(e.getMessage());
        }
    }

    private List<Message> messages(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw GatewayError.badRequest("'messages' must be a non-empty array.");
        }
        List<Message> out = new ArrayList<>();
        int i = 0;
        for (JsonNode m : node) {
            String where = "messages[" + i++ + "]";
            String role = m.path("role").asText("");
            String content = content(m.get("content"), where);
            try {
                out.add(switch (role) {
                    case "system", "developer" -> new Message(Role.SYSTEM, content, name(m), null, List.of());
                    case "user" -> new Message(Role.USER, content, name(m), null, List.of());
                    case "assistant" -> new Message(Role.ASSISTANT, content, name(m), null, toolCalls(m.get("tool_calls"), where));
                    case "tool" -> new Message(Role.TOOL, content, name(m), m.path("tool_call_id").asText(null), List.of());
                    default -> throw GatewayError.badRequest(where + ".role must be system, developer, user, assistant"
                            + " or tool, got '" + role + "'.");
                });
            } catch (IllegalArgumentException e) {
                throw GatewayError.badRequest(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String name(JsonNode m) {
        return m.hasNonNull("name") ? m.get("name").asText() : null;
    }

    private static String content(JsonNode c, String where) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.path("type").asText().equals("text")) {
                    throw GatewayError.badRequest(where + ".content: only text parts are supported, got '"
                            + part.path("type").asText() + "'.");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw GatewayError.badRequest(where + ".content must be a string or an array of text parts.");
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String where) {
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw GatewayError.badRequest(where + ".tool_calls must be an array.");
        }
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode c : calls) {
            JsonNode f = c.path("function");
            out.add(new ToolCall(c.path("id").asText(""), f.path("name").asText(""), f.path("arguments").asText("{}")));
        }
        return out;
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (stop.isArray()) {
            List<String> out = new ArrayList<>();
            stop.forEach(s -> out.add(s.asText()));
            return out;
        }
        throw GatewayError.badRequest("'stop' must be a string or an array of strings.");
    }

    private static List<ToolSpec> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw GatewayError.badRequest("'tools' must be an array.");
        }
        List<ToolSpec> out = new ArrayList<>();
        for (JsonNode t : tools) {
            JsonNode f = t.path("function");
            if (!t.path("type").asText("function").equals("function") || !f.hasNonNull("name")) {
                throw GatewayError.badRequest("every tool must be {type: function, function: {name, parameters}}.");
            }
            String schema = f.hasNonNull("parameters") ? f.get("parameters").toString() : "{\"type\":\"object\",\"properties\":{}}";
            out.add(new ToolSpec(f.get("name").asText(), f.path("description").asText(""), schema));
        }
        return out;
    }

    private static ResponseFormat responseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return ResponseFormat.TEXT;
        }
        return switch (format.path("type").asText("")) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.JSON_OBJECT;
            case "json_schema" -> {
                JsonNode s = format.path("json_schema");
                if (!s.hasNonNull("schema")) {
                    throw GatewayError.badRequest("'response_format.json_schema.schema' is required.");
                }
                yield new ResponseFormat.JsonSchema(s.path("name").asText("response"), s.get("schema").toString(),
                        s.path("strict").asBoolean(false));
            }
            default -> throw GatewayError.badRequest("'response_format.type' must be text, json_object or json_schema.");
        };
    }

    /** Provider options the backends know by these names (see {@code consort ask --hint}). */
    private static Map<String, String> hints(JsonNode root) {
        Map<String, String> hints = new HashMap<>();
        if (root.hasNonNull("reasoning_effort")) {
            hints.put("reasoning_effort", root.get("reasoning_effort").asText());
        }
        JsonNode choice = root.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            hints.put("tool_choice", choice.isTextual() ? choice.asText() : choice.path("function").path("name").asText());
        }
        return hints;
    }
}
