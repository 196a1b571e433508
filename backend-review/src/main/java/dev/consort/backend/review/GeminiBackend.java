package dev.consort.backend.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.UsageStats;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code gemini} backend: one model of the Google Gemini API, the team's reviewer. Thread-safe.
 */
final class GeminiBackend implements LLMBackend {

    static final Persona DEFAULT_PERSONA = new Persona("Reviews work",
            "You are a careful, critical reviewer. Check the work against what was asked, then list the real "
                    + "issues you find, most serious first: for each, cite the exact file, line, function or "
                    + "passage, say what is wrong and why it matters, and propose a concrete fix. Verify claims "
                    + "instead of assuming them, and do not pad the review with praise. If you find no real "
                    + "issue, say so plainly.");

    private final String name;
    private final GeminiSettings settings;
    private final GeminiHttp http;
    private final GeminiCallMemory memory = new GeminiCallMemory();
    private final GeminiRequestWriter writer;
    private final TokenEstimator estimator = new TokenEstimator();
    private final GeminiTokenCounter tokenCounter;
    private final UsageCounter usage = new UsageCounter();

    GeminiBackend(String name, GeminiSettings settings, Clock clock) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.http = new GeminiHttp(name, settings, clock);
        this.writer = new GeminiRequestWriter(name, settings, memory);
        this.tokenCounter = new GeminiTokenCounter(settings, http, writer, estimator);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "gemini";
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public Persona persona() {
        return DEFAULT_PERSONA;
    }

    @Override
    public int contextWindow() {
        return settings.contextWindow();
    }

    @Override
    public int maxOutputTokens() {
        return settings.reservedOutputTokens();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        byte[] body = GeminiRequestWriter.bytes(writer.write(request));
        GeminiCallLedger ledger = new GeminiCallLedger(usage, estimator, request.messages());
        GeminiAnswer answer = new GeminiAnswer(name, memory);
        try {
            byte[] bytes = http.readCapped(http.post("generateContent", body, settings.readTimeout()));
            JsonNode response = parse(bytes);
            if (response.has("error")) {
                throw GeminiErrors.forStreamedError(name, response.get("error"));
            }
            StringBuilder text = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            answer.accept(response, chunk -> {
                switch (chunk) {
                    case ChatChunk.Text t -> text.append(t.delta());
                    case ChatChunk.Reasoning r -> reasoning.append(r.delta());
                    case ChatChunk.ToolCallReady c -> calls.add(c.call());
                    default -> {
                        // usage is read from the answer at the end
                    }
                }
            });
            FinishReason finish = answer.finished() ? answer.finishReason() : FinishReason.OTHER;
            return new ChatResponse(text.toString(), reasoning.toString(), finish, calls,
                    ledger.finished(answer.usage(), answer.generatedChars()), answer.model());
        } catch (BackendException e) {
            ledger.failed(answer.usage(), answer.generatedChars());
            throw e;
        }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        byte[] body = GeminiRequestWriter.bytes(writer.write(request));
        GeminiCallLedger ledger = new GeminiCallLedger(usage, estimator, request.messages());
        java.io.InputStream in;
        try {
            in = http.post("streamGenerateContent?alt=sse", body, settings.readTimeout());
        } catch (BackendException e) {
            ledger.failed(null, 0);
            throw e;
        }
        GeminiStreamParser parser = new GeminiStreamParser(name, in, new GeminiAnswer(name, memory),
                ledger, http);
        return ChatStream.of(parser, parser::close);
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = GeminiRequestWriter.JSON.readTree(bytes);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            throw new TransportException(name, "backend '" + name + "': Gemini's answer is not valid JSON: "
                    + dev.consort.spi.backend.HttpFailures.oneLine(e.getMessage()), false, e);
        }
        throw new TransportException(name, "backend '" + name + "': Gemini's answer is not a JSON object", false, null);
    }

    @Override
    public int countTokens(List<Message> messages) {
        return tokenCounter.count(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public int estimateTokens(List<Message> messages) {
        return estimator.estimate(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public boolean countsTokensExactly() {
        return settings.exactTokenCount();
    }

    @Override
    public void resetContext() {
        memory.clear();
        tokenCounter.clear();
    }

    @Override
    public UsageStats usage() {
        return usage.snapshot();
    }

    @Override
    public void close() {
        http.close();
    }
}
