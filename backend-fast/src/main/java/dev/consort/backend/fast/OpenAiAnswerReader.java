package dev.consort.backend.fast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Reads a non-streamed {@code chat.completion} body into a {@link ChatResponse}: the first choice's text,
 * reasoning ({@code reasoning_content} or {@code reasoning}, as DeepSeek, vLLM and OpenRouter send it),
 * refusal, tool calls and finish reason, and the usage. Thread-safe.
 */
final class OpenAiAnswerReader {

    private final ObjectMapper json;
    private final OpenAiErrors errors;
    private final OpenAiTokenCounter tokens;

    OpenAiAnswerReader(ObjectMapper json, OpenAiErrors errors, OpenAiTokenCounter tokens) {
        this.json = json;
        this.errors = errors;
        this.tokens = tokens;
    }

    /**
     * The answer a body carries.
     *
     * @param defaultModel   the model asked for, when the body names none
     * @param promptEstimate counts the prompt when the body reports no usage
     * @throws BackendException for a body that is not an answer, or carries an error
     */
    ChatResponse read(byte[] body, String defaultModel, IntSupplier promptEstimate) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw errors.malformed("the answer is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw errors.malformed("the answer is not a JSON object", null);
        }
        JsonNode error = root.path("error");
        if (error.isObject() || error.isTextual()) {
            throw errors.inBody(error.isObject() ? error : json.createObjectNode().put("message", error.asText()));
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            throw errors.malformed("the answer has no choices", null);
        }
        JsonNode message = choice.path("message");
        String content = message.path("content").isTextual() ? message.path("content").asText() : "";
        String refusal = message.path("refusal").isTextual() ? message.path("refusal").asText() : "";
        String reasoning = message.path("reasoning_content").isTextual() ? message.path("reasoning_content").asText()
                : message.path("reasoning").isTextual() ? message.path("reasoning").asText() : "";
        List<ToolCall> calls = new ArrayList<>();
        int index = 0;
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode f = c.path("function");
            ToolCallAssembler a = new ToolCallAssembler(index++);
            a.add(c.path("id").asText(null), f.path("name").asText(null),
                    f.path("arguments").isTextual() ? f.path("arguments").asText()
                            : f.path("arguments").isObject() ? f.path("arguments").toString() : null);
            if (!a.named()) {
                throw errors.malformed("a tool call in the answer has no function name", null);
            }
            calls.add(a.build());
        }
        FinishReason reason = OpenAiFinishReason.of(choice.path("finish_reason").asText(null), !calls.isEmpty());
        if (content.isEmpty() && !refusal.isEmpty()) {
            content = refusal;
            if (reason == FinishReason.STOP) {
                reason = FinishReason.CONTENT_FILTER;
            }
        }
        Usage usage = OpenAiUsage.read(root.path("usage"));
        if (usage == null) {
            int completion = tokens.estimateAnswer(content) + tokens.estimateAnswer(reasoning);
            for (ToolCall c : calls) {
                completion += tokens.estimateAnswer(c.name()) + tokens.estimateAnswer(c.argumentsJson());
            }
            usage = Usage.estimated(promptEstimate.getAsInt(), completion);
        }
        String model = root.path("model").asText("");
        return new ChatResponse(content, reasoning, reason, calls, usage, model.isEmpty() ? defaultModel : model);
    }
}
