package dev.consort.backend.fast;

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

/**
 * Writes the JSON body of {@code POST /chat/completions} for a provider-neutral request. Sends only
 * fields every compatible server understands, unless the request or the configuration asks for more.
 * Thread-safe.
 */
final class OpenAiRequestWriter {

    private final String backend;
    private final ObjectMapper json;
    private final OpenAiSettings settings;
    private final OpenAiModel model;

    OpenAiRequestWriter(String backend, ObjectMapper json, OpenAiSettings settings) {
        this.backend = backend;
        this.json = json;
        this.settings = settings;
        this.model = settings.modelInfo();
    }

    /**
     * The request body.
     *
     * @throws InvalidRequestException when a tool's or the response format's schema is not JSON
     */
    byte[] write(ChatRequest request, boolean stream) {
        try {
            return json.writeValueAsBytes(tree(request, stream));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
    }

    ObjectNode tree(ChatRequest request, boolean stream) {
        ObjectNode body = json.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            messages.add(message(m));
        }
        if (stream) {
            body.put("stream", true);
            if (settings.streamUsage()) {
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        int maxTokens = request.maxTokensIfSet().orElse(settings.sendMaxOutput() ? settings.maxOutputTokens() : 0);
        if (maxTokens > 0) {
            body.put(settings.maxTokensField(), maxTokens);
        }
        // Reasoning models refuse any temperature but their own: sending one would fail the whole call.
        if (request.temperatureIfSet().isPresent() && !model.reasoning()) {
            body.put("temperature", request.temperature());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", t.name());
                if (!t.description().isEmpty()) {
                    function.put("description", t.description());
                }
                function.set("parameters", schema(t.parametersSchemaJson(), "the parameters schema of tool '" + t.name() + "'"));
            }
        }
        switch (request.responseFormat()) {
            case ResponseFormat.Text text -> {
                // the default: nothing to send
            }
            case ResponseFormat.JsonObject object -> body.putObject("response_format").put("type", "json_object");
            case ResponseFormat.JsonSchema schema -> {
                ObjectNode spec = body.putObject("response_format").put("type", "json_schema")
                        .putObject("json_schema");
                spec.put("name", schema.name());
                spec.set("schema", schema(schema.schemaJson(), "the response schema '" + schema.name() + "'"));
                spec.put("strict", schema.strict());
            }
        }
        String effort = request.hint("reasoning_effort").orElse(settings.reasoningEffort());
        if (effort != null && !effort.isBlank()) {
            body.put("reasoning_effort", effort.trim());
        }
        return body;
    }

    private ObjectNode message(Message m) {
        ObjectNode node = json.createObjectNode();
        node.put("role", m.role().wireName());
        switch (m.role()) {
            case SYSTEM, USER -> {
                node.put("content", m.content());
                if (m.name() != null && !m.name().isBlank()) {
                    node.put("name", m.name());
                }
            }
            case ASSISTANT -> {
                if (m.content().isEmpty() && m.hasToolCalls()) {
                    node.putNull("content");
                } else {
                    node.put("content", m.content());
                }
                if (m.hasToolCalls()) {
                    ArrayNode calls = node.putArray("tool_calls");
                    for (ToolCall c : m.toolCalls()) {
                        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                        call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                    }
                }
            }
            case TOOL -> {
                node.put("tool_call_id", m.toolCallId());
                node.put("content", m.content());
            }
        }
        return node;
    }

    private JsonNode schema(String text, String what) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException(backend, "backend '" + backend + "': " + what
                        + " is not a JSON object", 0, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(backend, "backend '" + backend + "': " + what + " is not valid JSON: "
                    + e.getOriginalMessage(), 0, e);
        }
    }
}
