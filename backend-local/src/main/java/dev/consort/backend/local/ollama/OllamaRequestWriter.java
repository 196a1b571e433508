package dev.consort.backend.local.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a provider-neutral {@link ChatRequest} as the body of an Ollama {@code /api/chat} call:
 * {@code options.num_ctx} always set to the window the backend reports (Ollama's own default is far
 * smaller and would silently cut the prompt), {@code num_predict} to the output limit, tools in the
 * OpenAI function shape, tool calls sent back with their arguments as JSON objects, tool results with
 * {@code tool_name}, {@code format} for JSON output. Thread-safe.
 */
final class OllamaRequestWriter {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String backend;
    private final OllamaSettings settings;

    OllamaRequestWriter(String backend, OllamaSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    /**
     * The JSON body for a request.
     *
     * @param request   the request
     * @param stream    whether to ask for an NDJSON stream
     * @param numCtx    the context window to ask for
     * @param maxOutput the output limit when the request sets none
     */
    ObjectNode write(ChatRequest request, boolean stream, int numCtx, int maxOutput) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        List<Message> all = request.messages();
        for (int i = 0; i < all.size(); i++) {
            writeMessage(messages.addObject(), all.get(i), all.subList(0, i));
        }
        body.put("stream", stream);
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode f = tools.addObject().put("type", "function").putObject("function");
                f.put("name", t.name());
                f.put("description", t.description());
                f.set("parameters", object(t.parametersSchemaJson(), "the schema of tool '" + t.name() + "'"));
            }
        }
        if (request.responseFormat() instanceof ResponseFormat.JsonSchema s) {
            body.set("format", object(s.schemaJson(), "response schema '" + s.name() + "'"));
        } else if (request.responseFormat().wantsJson()) {
            body.put("format", "json");
        }
        think(request).ifPresent(t -> body.set("think", t));
        ObjectNode options = body.putObject("options");
        options.put("num_ctx", numCtx);
        options.put("num_predict", request.maxTokensIfSet().orElse(maxOutput));
        request.temperatureIfSet().ifPresent(t -> options.put("temperature", t));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = options.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (settings.keepAlive() != null) {
            body.put("keep_alive", settings.keepAlive());
        }
        return body;
    }

    private void writeMessage(ObjectNode out, Message m, List<Message> earlier) {
        out.put("role", m.role().wireName());
        out.put("content", m.content());
        if (m.hasToolCalls()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall c : m.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id());
                ObjectNode f = call.putObject("function");
                f.put("name", c.name());
                f.set("arguments", object(c.argumentsJson(), "the arguments of tool call '" + c.id() + "'"));
            }
        }
        if (m.toolCallId() != null) {
            String name = m.name() != null && !m.name().isBlank() ? m.name() : toolName(m.toolCallId(), earlier);
            if (name != null) {
                out.put("tool_name", name);
            }
        }
    }

    private static String toolName(String callId, List<Message> earlier) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            for (ToolCall c : earlier.get(i).toolCalls()) {
                if (c.id().equals(callId)) {
                    return c.name();
                }
            }
        }
        return null;
    }

    /** Hint {@code think}: {@code true}/{@code false}, or a level ({@code low}, {@code medium}, {@code high}). */
    private static Optional<JsonNode> think(ChatRequest request) {
        return request.hint("think").map(v -> {
            String s = v.strip().toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true" -> JSON.getNodeFactory().booleanNode(true);
                case "false" -> JSON.getNodeFactory().booleanNode(false);
                default -> JSON.getNodeFactory().textNode(s);
            };
        });
    }

    private JsonNode object(String json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new InvalidRequestException(backend, "backend '" + backend + "': " + what
                + " is not a JSON object; Ollama needs one", 0, null);
    }

    /** Compact JSON text of a node. */
    static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a body. */
    static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
