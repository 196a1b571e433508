package dev.consort.backend.planner;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a {@link ChatRequest} as a Messages API body: system messages joined into the top-level
 * {@code system}, turns alternating between {@code user} and {@code assistant} (consecutive turns of one
 * role merged, tool results as {@code tool_result} blocks of a user turn, tool calls as
 * {@code tool_use} blocks), the required {@code max_tokens}, extended thinking, and JSON output through
 * a {@link JsonAnswerTool}. Thread-safe.
 */
final class AnthropicRequestWriter {

    static final String THINKING_HINT = "thinking_budget";
    private static final double MAX_TEMPERATURE = 1.0;

    private final String backend;
    private final ObjectMapper json;
    private final AnthropicSettings settings;
    private final ThinkingMemory memory;

    AnthropicRequestWriter(String backend, ObjectMapper json, AnthropicSettings settings, ThinkingMemory memory) {
        this.backend = backend;
        this.json = json;
        this.settings = settings;
        this.memory = memory;
    }

    /**
     * The body of {@code POST /v1/messages}.
     *
     * @throws InvalidRequestException when the request cannot be expressed (a tool schema that is not
     *                                 JSON, a bad {@code thinking_budget} hint, no turn to send)
     */
    AnthropicRequestBody write(ChatRequest request, boolean stream) {
        List<Message> turns = request.messages().stream().filter(m -> m.role() != Role.SYSTEM).toList();
        int budget = thinkingBudget(request);
        if (budget > 0 && continuesToolTurnWithoutThinking(turns)) {
            // The API insists on the thinking that preceded those tool calls, which we no longer have
            // (another backend made them, or this one forgot): answering without thinking still works.
            budget = 0;
        }
        JsonNode answerSchema = request.responseFormat().wantsJson() ? answerSchema(request.responseFormat()) : null;
        JsonAnswerTool jsonAnswer = answerSchema == null ? null
                : new JsonAnswerTool(jsonAnswerName(request.tools()), !JsonAnswerTool.describesObject(answerSchema));

        ObjectNode root = json.createObjectNode();
        root.put("model", settings.model());
        int answerTokens = request.maxTokensIfSet().orElse(settings.maxOutputTokens());
        root.put("max_tokens", MaxTokens.of(answerTokens, budget));
        String system = system(request.messages(), jsonAnswer != null && budget > 0 ? jsonAnswer : null);
        if (!system.isEmpty()) {
            root.put("system", system);
        }
        root.set("messages", messages(turns));
        if (budget > 0) {
            root.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        } else if (request.temperatureIfSet().isPresent()) {
            root.put("temperature", Math.min(MAX_TEMPERATURE, request.temperatureIfSet().getAsDouble()));
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stops = root.putArray("stop_sequences");
            request.stop().forEach(stops::add);
        }
        if (!request.tools().isEmpty() || jsonAnswer != null) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec t : request.tools()) {
                tools.add(tool(t.name(), t.description(), schema(t.parametersSchemaJson(), "tool '" + t.name() + "'")));
            }
            if (jsonAnswer != null) {
                tools.add(tool(jsonAnswer.name(), jsonAnswerDescription(request.responseFormat()),
                        JsonAnswerTool.inputSchema(answerSchema, json)));
                root.set("tool_choice", toolChoice(jsonAnswer, !request.tools().isEmpty(), budget > 0));
            }
        }
        if (stream) {
            root.put("stream", true);
        }
        return new AnthropicRequestBody(root, jsonAnswer);
    }

    /**
     * The body of {@code POST /v1/messages/count_tokens} for a prompt: model, system and messages.
     *
     * @throws InvalidRequestException when there is no turn to count
     */
    ObjectNode countBody(List<Message> messages) {
        ObjectNode root = json.createObjectNode();
        root.put("model", settings.model());
        String system = system(messages, null);
        if (!system.isEmpty()) {
            root.put("system", system);
        }
        root.set("messages", messages(messages.stream().filter(m -> m.role() != Role.SYSTEM).toList()));
        return root;
    }

    private int thinkingBudget(ChatRequest request) {
        String hint = request.hint(THINKING_HINT).map(String::trim).orElse(null);
        if (hint == null) {
            return settings.thinkingBudget();
        }
        String h = hint.toLowerCase(Locale.ROOT);
        if (h.equals("off") || h.equals("false") || h.equals("none")) {
            return 0;
        }
        int n;
        try {
            n = Integer.parseInt(h);
        } catch (NumberFormatException e) {
            throw invalid("the thinking_budget hint must be a number of tokens or 'off', not '" + hint + "'");
        }
        if (n < 0) {
            throw invalid("the thinking_budget hint must not be negative, got " + n);
        }
        return n == 0 ? 0 : Math.max(AnthropicSettings.MIN_THINKING_BUDGET, n);
    }

    private boolean continuesToolTurnWithoutThinking(List<Message> turns) {
        if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Role.TOOL) {
            return false;
        }
        for (int i = turns.size() - 1; i >= 0; i--) {
            Message m = turns.get(i);
            if (m.role() == Role.ASSISTANT) {
                return !m.hasToolCalls() || memory.recall(m.toolCalls().get(0).id()).isEmpty();
            }
        }
        return true;
    }

    private String system(List<Message> messages, JsonAnswerTool thinkingJson) {
        List<String> parts = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM && !m.content().isBlank()) {
                parts.add(m.content());
            }
        }
        if (thinkingJson != null) {
            // With thinking on the API allows only tool_choice auto, so the call must be asked for in words.
            parts.add("Give your final answer by calling the " + thinkingJson.name()
                    + " tool exactly once, with the answer as its input.");
        }
        return String.join("\n\n", parts);
    }

    private ArrayNode messages(List<Message> turns) {
        List<Turn> merged = new ArrayList<>();
        for (Message m : turns) {
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            List<ObjectNode> blocks = blocks(m);
            if (blocks.isEmpty()) {
                continue;
            }
            Turn last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.role.equals(role)) {
                last.blocks.addAll(blocks);
            } else {
                merged.add(new Turn(role, new ArrayList<>(blocks)));
            }
        }
        if (merged.isEmpty()) {
            throw invalid("the request has no user or assistant message to send");
        }
        trimFinalAssistantText(merged);
        ArrayNode out = json.createArrayNode();
        for (Turn t : merged) {
            // Tool results must open a user turn, thinking must open an assistant turn; merging may have
            // put other blocks first.
            t.blocks.sort(Comparator.comparingInt(AnthropicRequestWriter::leadingRank));
            ObjectNode msg = out.addObject().put("role", t.role);
            ArrayNode content = msg.putArray("content");
            t.blocks.forEach(content::add);
        }
        return out;
    }

    private List<ObjectNode> blocks(Message m) {
        List<ObjectNode> blocks = new ArrayList<>();
        switch (m.role()) {
            case TOOL -> {
                ObjectNode result = json.createObjectNode().put("type", "tool_result")
                        .put("tool_use_id", m.toolCallId());
                if (!m.content().isEmpty()) {
                    result.put("content", m.content());
                }
                blocks.add(result);
            }
            case ASSISTANT -> {
                if (m.hasToolCalls()) {
                    memory.recall(m.toolCalls().get(0).id()).ifPresent(blocks::addAll);
                }
                if (!m.content().isEmpty()) {
                    blocks.add(text(m.content()));
                }
                for (ToolCall c : m.toolCalls()) {
                    blocks.add(json.createObjectNode().put("type", "tool_use").put("id", c.id())
                            .put("name", c.name()).set("input", arguments(c.argumentsJson())));
                }
            }
            default -> {
                if (!m.content().isEmpty()) {
                    blocks.add(text(m.content()));
                }
            }
        }
        return blocks;
    }

    private ObjectNode text(String text) {
        return json.createObjectNode().put("type", "text").put("text", text);
    }

    // The API rejects a final assistant turn (a prefill) that ends in white space.
    private static void trimFinalAssistantText(List<Turn> merged) {
        Turn last = merged.get(merged.size() - 1);
        if (!last.role.equals("assistant")) {
            return;
        }
        ObjectNode end = last.blocks.get(last.blocks.size() - 1);
        if ("text".equals(end.path("type").asText())) {
            String stripped = end.path("text").asText().stripTrailing();
            if (stripped.isEmpty()) {
                last.blocks.remove(last.blocks.size() - 1);
                if (last.blocks.isEmpty()) {
                    merged.remove(merged.size() - 1);
                }
            } else {
                end.put("text", stripped);
            }
        }
    }

    private static int leadingRank(ObjectNode block) {
        return switch (block.path("type").asText()) {
            case "tool_result", "thinking", "redacted_thinking" -> 0;
            default -> 1;
        };
    }

    // A call's arguments go back as the object the model produced; text that is not a JSON object (a
    // malformed call being answered with an error) goes back as an empty object, the only shape allowed.
    private JsonNode arguments(String argumentsJson) {
        try {
            JsonNode node = json.readTree(argumentsJson);
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private ObjectNode tool(String name, String description, JsonNode inputSchema) {
        ObjectNode tool = json.createObjectNode().put("name", name);
        if (!description.isEmpty()) {
            tool.put("description", description);
        }
        tool.set("input_schema", inputSchema);
        return tool;
    }

    private JsonNode schema(String text, String what) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw invalid("the schema of " + what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("the schema of " + what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private JsonNode answerSchema(ResponseFormat format) {
        if (format instanceof ResponseFormat.JsonSchema s) {
            return schema(s.schemaJson(), "response format '" + s.name() + "'");
        }
        return json.createObjectNode().put("type", "object");
    }

    private static String jsonAnswerDescription(ResponseFormat format) {
        String shape = format instanceof ResponseFormat.JsonSchema s ? "the '" + s.name() + "' schema" : "a JSON object";
        return "Give your final answer with this tool: its input is the answer, as " + shape + ".";
    }

    private ObjectNode toolChoice(JsonAnswerTool jsonAnswer, boolean otherTools, boolean thinking) {
        ObjectNode choice = json.createObjectNode();
        if (thinking) {
            return choice.put("type", "auto");
        }
        if (otherTools) {
            // The model may still need a real tool first; "any" makes it call one tool or the other.
            return choice.put("type", "any");
        }
        return choice.put("type", "tool").put("name", jsonAnswer.name());
    }

    private static String jsonAnswerName(List<ToolSpec> tools) {
        Set<String> taken = tools.stream().map(ToolSpec::name).collect(Collectors.toCollection(HashSet::new));
        String name = JsonAnswerTool.NAME;
        for (int i = 2; taken.contains(name); i++) {
            name = JsonAnswerTool.NAME + "_" + i;
        }
        return name;
    }

    private InvalidRequestException invalid(String what) {
        return new InvalidRequestException(backend, "backend '" + backend + "': " + what, 0, null);
    }

    private record Turn(String role, List<ObjectNode> blocks) {
    }
}
