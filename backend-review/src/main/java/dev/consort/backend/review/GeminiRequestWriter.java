package dev.consort.backend.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.util.List;
import java.util.Optional;

/**
 * Writes a provider-neutral {@link ChatRequest} as the body of a Gemini {@code generateContent} call:
 * system messages become {@code systemInstruction}, the rest {@code contents} of {@code user} and
 * {@code model} turns (consecutive turns of one role merged), assistant tool calls {@code functionCall}
 * parts, tool results {@code functionResponse} parts in a user turn, tools
 * {@code functionDeclarations} with their schemas made Gemini's dialect. Thread-safe.
 */
final class GeminiRequestWriter {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String backend;
    private final GeminiSettings settings;
    private final GeminiCallMemory memory;

    GeminiRequestWriter(String backend, GeminiSettings settings, GeminiCallMemory memory) {
        this.backend = backend;
        this.settings = settings;
        this.memory = memory;
    }

    /** The JSON body for a request. */
    ObjectNode write(ChatRequest request) {
        ObjectNode body = JSON.createObjectNode();
        writeConversation(body, request.messages());
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolSpec tool : request.tools()) {
                ObjectNode d = declarations.addObject();
                d.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    d.put("description", tool.description());
                }
                ObjectNode parameters = GeminiSchemaSanitizer.sanitize(parseSchema(tool.parametersSchemaJson(),
                        "tool '" + tool.name() + "'"));
                if (!GeminiSchemaSanitizer.isEmptyObject(parameters)) {
                    d.set("parameters", parameters);
                }
            }
        }
        ObjectNode config = JSON.createObjectNode();
        int maxTokens = request.maxTokensIfSet().orElse(settings.maxOutputTokens());
        if (maxTokens > 0) {
            config.put("maxOutputTokens", maxTokens);
        }
        request.temperatureIfSet().ifPresent(t -> config.put("temperature", t));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            request.stop().forEach(stop::add);
        }
        if (request.responseFormat().wantsJson()) {
            config.put("responseMimeType", "application/json");
            if (request.responseFormat() instanceof ResponseFormat.JsonSchema s) {
                config.set("responseSchema", GeminiSchemaSanitizer.sanitize(parseSchema(s.schemaJson(),
                        "response schema '" + s.name() + "'")));
            }
        }
        thinking(request).ifPresent(t -> config.set("thinkingConfig", t));
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    /** Writes {@code systemInstruction} and {@code contents} for a conversation. */
    void writeConversation(ObjectNode body, List<Message> messages) {
        StringBuilder system = new StringBuilder();
        ArrayNode contents = JSON.createArrayNode();
        ObjectNode turn = null;
        String turnRole = null;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role() == Role.SYSTEM) {
                if (!m.content().isBlank()) {
                    system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
                }
                continue;
            }
            String role = m.role() == Role.ASSISTANT ? "model" : "user";
            if (!role.equals(turnRole)) {
                turn = contents.addObject();
                turn.put("role", role);
                turn.putArray("parts");
                turnRole = role;
            }
            ArrayNode parts = (ArrayNode) turn.get("parts");
            switch (m.role()) {
                case USER -> parts.addObject().put("text", m.content());
                case ASSISTANT -> writeAssistant(parts, m);
                case TOOL -> writeToolResult(parts, m, messages.subList(0, i));
                default -> throw new IllegalStateException("unexpected role " + m.role());
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system.toString());
        }
        body.set("contents", contents);
    }

    private void writeAssistant(ArrayNode parts, Message m) {
        if (!m.content().isEmpty() || m.toolCalls().isEmpty()) {
            parts.addObject().put("text", m.content());
        }
        boolean first = true;
        for (ToolCall call : m.toolCalls()) {
            ObjectNode part = parts.addObject();
            ObjectNode fc = part.putObject("functionCall");
            fc.put("name", call.name());
            fc.set("args", arguments(call));
            Optional<GeminiCallMemory.Call> known = memory.recall(call.id());
            if (known.map(GeminiCallMemory.Call::providerId).orElse(false)) {
                fc.put("id", call.id());
            }
            String signature = known.map(GeminiCallMemory.Call::signature).orElse(null);
            if (signature != null) {
                part.put("thoughtSignature", signature);
            } else if (first) {
                part.put("thoughtSignature", GeminiCallMemory.SKIP_SIGNATURE);
            }
            first = false;
        }
    }

    private void writeToolResult(ArrayNode parts, Message m, List<Message> earlier) {
        String name = m.name() != null && !m.name().isBlank() ? m.name() : toolName(m.toolCallId(), earlier)
                .orElseThrow(() -> new InvalidRequestException(backend, "backend '" + backend
                        + "': the tool result for call '" + m.toolCallId()
                        + "' names no tool and no earlier assistant message made that call; Gemini needs the name",
                        0, null));
        ObjectNode fr = parts.addObject().putObject("functionResponse");
        if (memory.recall(m.toolCallId()).map(GeminiCallMemory.Call::providerId).orElse(false)) {
            fr.put("id", m.toolCallId());
        }
        fr.put("name", name);
        fr.set("response", toolResponse(m.content()));
    }

    private static Optional<String> toolName(String callId, List<Message> earlier) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            for (ToolCall c : earlier.get(i).toolCalls()) {
                if (c.id().equals(callId)) {
                    return Optional.of(c.name());
                }
            }
        }
        return Optional.empty();
    }

    /** A tool's result as Gemini's response object: JSON object text as is, anything else under {@code output}. */
    private static JsonNode toolResponse(String content) {
        String t = content.strip();
        if (t.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(t);
                if (n != null && n.isObject()) {
                    return n;
                }
            } catch (JsonProcessingException notJson) {
                // plain text that happens to start with a brace
            }
        }
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.put("output", content);
        return wrapped;
    }

    private JsonNode arguments(ToolCall call) {
        try {
            JsonNode n = JSON.readTree(call.argumentsJson());
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new InvalidRequestException(backend, "backend '" + backend + "': the arguments of tool call '"
                + call.id() + "' (" + call.name() + ") are not a JSON object; Gemini needs one", 0, null);
    }

    private JsonNode parseSchema(String json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new InvalidRequestException(backend, "backend '" + backend + "': the schema of " + what
                + " is not a JSON object", 0, null);
    }

    private Optional<ObjectNode> thinking(ChatRequest request) {
        Optional<String> budget = request.hint("thinking_budget");
        Optional<String> level = request.hint("thinking_level");
        if (budget.isEmpty() && level.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode t = JSON.createObjectNode();
        boolean include = true;
        if (budget.isPresent()) {
            int b;
            try {
                b = Integer.parseInt(budget.get().strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(backend, "backend '" + backend
                        + "': hint thinking_budget must be a whole number of tokens (-1 for dynamic), got '"
                        + budget.get() + "'", 0, null);
            }
            t.put("thinkingBudget", b);
            include = b != 0;
        }
        level.ifPresent(l -> t.put("thinkingLevel", l.strip()));
        if (include) {
            t.put("includeThoughts", true);
        }
        return Optional.of(t);
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
