package dev.consort.backend.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * What one answer's content blocks add up to, whether they came whole or streamed: tool calls in the
 * SPI's shape, the JSON answer carried by a {@link JsonAnswerTool}, the thinking blocks to remember for
 * the next turn, how much was generated (to estimate usage of a cut answer), and why it stopped. Not
 * thread-safe.
 */
final class AnswerBlocks {

    private static final double CHARS_PER_TOKEN = 4.0;

    private final ObjectMapper json;
    private final JsonAnswerTool jsonAnswer;
    private final List<ObjectNode> thinking = new ArrayList<>();
    private final List<String> callIds = new ArrayList<>();
    private boolean jsonAnswered;
    private long generatedChars;

    /**
     * @param jsonAnswer the JSON-answer tool of the request, or null
     */
    AnswerBlocks(ObjectMapper json, JsonAnswerTool jsonAnswer) {
        this.json = json;
        this.jsonAnswer = jsonAnswer;
    }

    /** Counts generated text (answer, thinking or tool input). */
    void generated(String text) {
        generatedChars += text.length();
    }

    /** Keeps a complete {@code thinking} or {@code redacted_thinking} block for the next turn. */
    void thinkingBlock(ObjectNode block) {
        thinking.add(block);
    }

    boolean isJsonAnswer(String toolName) {
        return jsonAnswer != null && jsonAnswer.answers(toolName);
    }

    /**
     * The answer text carried by the JSON-answer tool's input: compact JSON, or the text as it came when
     * it does not parse (cut short), for the orchestrator to judge.
     */
    String jsonAnswerContent(String inputText) {
        jsonAnswered = true;
        try {
            JsonNode input = json.readTree(inputText == null || inputText.isBlank() ? "{}" : inputText);
            return input == null ? "" : jsonAnswer.content(input, json);
        } catch (JsonProcessingException cut) {
            return inputText;
        }
    }

    /** A real tool call, with its arguments made compact. */
    ToolCall toolCall(String id, String name, String inputText) {
        callIds.add(id);
        return new ToolCall(id, name, AnthropicJson.compactArguments(inputText, json));
    }

    /** An estimate of the output tokens generated so far, at about four characters a token. */
    int estimatedOutputTokens() {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(generatedChars / CHARS_PER_TOKEN));
    }

    /** Why the answer ended, from its {@code stop_reason}. */
    FinishReason finishReason(String stopReason) {
        if (stopReason == null) {
            return FinishReason.OTHER;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> !callIds.isEmpty() ? FinishReason.TOOL_CALLS
                    : jsonAnswered ? FinishReason.STOP : FinishReason.OTHER;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    /** Remembers the thinking that preceded this answer's tool calls, for when they come back. */
    void rememberIn(ThinkingMemory memory) {
        if (!callIds.isEmpty() && !thinking.isEmpty()) {
            memory.remember(callIds.get(0), thinking);
        }
    }
}
