package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Reads a whole (non-streamed) Messages API answer: text blocks joined, thinking as reasoning, tool
 * calls in the SPI's shape, the JSON answer tool's input as the content, unknown block types skipped,
 * and the usage the API reported (estimated only when it reported none). Thread-safe.
 */
final class AnthropicAnswerReader {

    private final ObjectMapper json;
    private final AnthropicErrors errors;
    private final ThinkingMemory memory;

    AnthropicAnswerReader(ObjectMapper json, AnthropicErrors errors, ThinkingMemory memory) {
        this.json = json;
        this.errors = errors;
        this.memory = memory;
    }

    /**
     * @param jsonAnswer     the request's JSON-answer tool, or null
     * @param promptEstimate the prompt's estimated tokens, for an answer without usage
     * @throws BackendException for an error body or an unreadable answer
     */
    ChatResponse read(byte[] body, JsonAnswerTool jsonAnswer, String model, IntSupplier promptEstimate) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw errors.malformed("the answer is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw errors.malformed("the answer is not a JSON object", null);
        }
        if ("error".equals(root.path("type").asText())) {
            throw errors.forEvent(root);
        }
        JsonNode content = root.path("content");
        if (!content.isArray()) {
            throw errors.malformed("the answer has no content array", null);
        }
        AnswerBlocks answer = new AnswerBlocks(json, jsonAnswer);
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText("")) {
                case "text" -> {
                    String t = block.path("text").asText("");
                    answer.generated(t);
                    text.append(t);
                }
                case "thinking" -> {
                    String t = block.path("thinking").asText("");
                    answer.generated(t);
                    reasoning.append(t);
                    answer.thinkingBlock(((ObjectNode) block).deepCopy());
                }
                case "redacted_thinking" -> answer.thinkingBlock(((ObjectNode) block).deepCopy());
                case "tool_use" -> {
                    String name = block.path("name").asText("");
                    String input = block.path("input").isObject() ? block.get("input").toString() : "{}";
                    answer.generated(input);
                    if (answer.isJsonAnswer(name)) {
                        text.append(answer.jsonAnswerContent(input));
                    } else {
                        String id = block.path("id").asText("");
                        if (id.isBlank() || name.isBlank()) {
                            throw errors.malformed("a tool_use block has no id or name", null);
                        }
                        calls.add(answer.toolCall(id, name, input));
                    }
                }
                default -> {
                    // server tool blocks, their results, and block types newer than this adapter
                }
            }
        }
        answer.rememberIn(memory);
        JsonNode stop = root.get("stop_reason");
        Usage usage;
        if (root.path("usage").isObject()) {
            UsageFigures figures = new UsageFigures();
            figures.merge(root.get("usage"));
            usage = figures.usage();
        } else {
            usage = Usage.estimated(promptEstimate.getAsInt(), answer.estimatedOutputTokens());
        }
        return new ChatResponse(text.toString(), reasoning.toString(),
                answer.finishReason(stop != null && stop.isTextual() ? stop.asText() : null), calls, usage,
                root.path("model").asText(model));
    }
}
