package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts prompt tokens. Claude's tokenizer is not published, so by default this is the SPI's
 * self-correcting {@link TokenEstimator}; with {@code exact_token_count: true} it asks the API's
 * {@code count_tokens} endpoint under a short time-out and falls back to the estimate on any failure (a
 * token count is advice for routing and context shaping, never worth failing a call). Thread-safe.
 */
final class AnthropicTokenCounter {

    private final TokenEstimator estimator = new TokenEstimator();
    private final AnthropicSettings settings;
    private final AnthropicRequestWriter writer;
    private final AnthropicHttp http;
    private final ObjectMapper json;

    AnthropicTokenCounter(AnthropicSettings settings, AnthropicRequestWriter writer, AnthropicHttp http,
                          ObjectMapper json) {
        this.settings = settings;
        this.writer = writer;
        this.http = http;
        this.json = json;
    }

    boolean exact() {
        return settings.exactTokenCount();
    }

    int count(List<Message> messages) {
        if (!settings.exactTokenCount() || messages.isEmpty()) {
            return estimator.estimate(messages);
        }
        try {
            int exact = countRemotely(messages);
            estimator.observe(messages, exact);
            return exact;
        } catch (BackendException | IOException e) {
            return estimator.estimate(messages);
        }
    }

    /** The estimate of these messages, never asking the API. */
    int estimate(List<Message> messages) {
        return estimator.estimate(messages);
    }

    /** The estimated prompt tokens of a request, tool definitions included. */
    int estimate(ChatRequest request) {
        return estimator.estimate(estimatedPrompt(request));
    }

    /** Learns from the prompt tokens the API reported for a request. */
    void observe(ChatRequest request, int reportedPromptTokens) {
        estimator.observe(estimatedPrompt(request), reportedPromptTokens);
    }

    // Tool definitions are part of the prompt the API counts; estimating them as one more message keeps
    // the estimator's correction comparable between calls with and without tools.
    private static List<Message> estimatedPrompt(ChatRequest request) {
        if (request.tools().isEmpty()) {
            return request.messages();
        }
        StringBuilder tools = new StringBuilder();
        for (ToolSpec t : request.tools()) {
            tools.append(t.name()).append(' ').append(t.description()).append(' ').append(t.parametersSchemaJson());
        }
        List<Message> all = new ArrayList<>(request.messages());
        all.add(Message.system(tools.toString()));
        return all;
    }

    private int countRemotely(List<Message> messages) throws IOException {
        byte[] body = json.writeValueAsBytes(writer.countBody(messages));
        JsonNode answer = json.readTree(http.readCapped(
                http.post(AnthropicHttp.COUNT_TOKENS, body, false, settings.countTokensTimeout())));
        JsonNode tokens = answer == null ? null : answer.get("input_tokens");
        if (tokens == null || !tokens.canConvertToInt() || tokens.intValue() < 0) {
            throw new IOException("count_tokens answered without input_tokens");
        }
        return tokens.intValue();
    }
}
