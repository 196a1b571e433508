package dev.consort.backend.local.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.UsageStats;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@code ollama} backend: one model on an Ollama server, the team's local coder. Thread-safe.
 */
final class OllamaBackend implements LLMBackend {

    static final Persona DEFAULT_PERSONA = new Persona("Local coder",
            "You are a careful programmer. Write small, correct code that does exactly what is asked: follow "
                    + "the conventions of the code around it, handle the edge cases, and keep changes minimal. "
                    + "Reply with the code and at most a short note; say so when you are unsure.");

    private static final int DEFAULT_MAX_OUTPUT_TOKENS = 2048;

    private final String name;
    private final OllamaSettings settings;
    private final OllamaHttp http;
    private final OllamaRequestWriter writer;
    private final OllamaContextWindow window;
    private final TokenEstimator estimator = new TokenEstimator();
    private final UsageCounter usage = new UsageCounter();

    OllamaBackend(String name, OllamaSettings settings, Clock clock) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.http = new OllamaHttp(name, settings, clock);
        this.writer = new OllamaRequestWriter(name, settings);
        this.window = new OllamaContextWindow(settings, http, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "ollama";
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
        return window.get();
    }

    @Override
    public int maxOutputTokens() {
        int w = contextWindow();
        int configured = settings.maxOutputTokens();
        if (configured > 0 && configured < w) {
            return configured;
        }
        return Math.max(1, configured > 0 ? w / 2 : Math.min(DEFAULT_MAX_OUTPUT_TOKENS, w / 4));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        byte[] body = body(request, false);
        OllamaAnswer answer = new OllamaAnswer(name);
        OllamaCallLedger ledger = new OllamaCallLedger(usage, estimator, request.messages());
        try {
            byte[] bytes = http.readCapped(http.post("/api/chat", body, settings.readTimeout()));
            JsonNode response = parse(bytes);
            if (response.hasNonNull("error")) {
                throw OllamaErrors.forStreamedError(name, settings, response.get("error").asText());
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
            return new ChatResponse(text.toString(), reasoning.toString(), answer.finishReason(), calls,
                    ledger.finished(answer), answer.model());
        } catch (BackendException e) {
            ledger.failed(answer);
            throw e;
        }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        byte[] body = body(request, true);
        OllamaAnswer answer = new OllamaAnswer(name);
        OllamaCallLedger ledger = new OllamaCallLedger(usage, estimator, request.messages());
        java.io.InputStream in;
        try {
            in = http.post("/api/chat", body, settings.readTimeout());
        } catch (BackendException e) {
            ledger.failed(answer);
            throw e;
        }
        OllamaStreamParser parser = new OllamaStreamParser(name, settings,
                in, answer, ledger, http);
        return ChatStream.of(parser, parser::close);
    }

    private byte[] body(ChatRequest request, boolean stream) {
        return OllamaRequestWriter.bytes(writer.write(request, stream, contextWindow(), maxOutputTokens()));
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = OllamaRequestWriter.JSON.readTree(bytes);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            throw new TransportException(name, "backend '" + name + "': Ollama's answer is not valid JSON: "
                    + HttpFailures.oneLine(e.getMessage()), false, e);
        }
        throw new TransportException(name, "backend '" + name + "': Ollama's answer is not a JSON object", false, null);
    }

    @Override
    public int countTokens(List<Message> messages) {
        return estimator.estimate(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public void resetContext() {
        // /api/chat is stateless: the whole conversation is sent with every call
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
