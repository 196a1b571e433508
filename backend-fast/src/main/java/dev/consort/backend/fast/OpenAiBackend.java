package dev.consort.backend.fast;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.SettledStream;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * A backend of type {@code openai}: one model behind {@code POST {base_url}/chat/completions}. Stateless
 * between calls and thread-safe; each call is its own HTTP exchange.
 */
final class OpenAiBackend implements LLMBackend {

    static final Persona DEFAULT_PERSONA = new Persona("Fast parser and fallback",
            "You are a fast, precise assistant. Answer concisely and exactly, without preamble. "
                    + "When asked for JSON, reply with one valid JSON value and nothing else.");

    private final String name;
    private final OpenAiSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final OpenAiRequestWriter writer;
    private final OpenAiAnswerReader reader;
    private final OpenAiErrors errors;
    private final OpenAiHttp http;
    private final OpenAiTokenCounter tokens;
    private final UsageCounter usage = new UsageCounter();

    OpenAiBackend(String name, OpenAiSettings settings, Clock clock) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.errors = new OpenAiErrors(name, settings, json, clock);
        this.writer = new OpenAiRequestWriter(name, json, settings);
        this.tokens = new OpenAiTokenCounter(settings.modelInfo());
        this.reader = new OpenAiAnswerReader(json, errors, tokens);
        this.http = new OpenAiHttp(name, settings, errors);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "openai";
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
        return settings.maxOutputTokens();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        try {
            byte[] body = writer.write(request, false);
            InputStream in = http.post(body, false);
            ChatResponse answer = reader.read(http.readCapped(in), settings.model(), promptEstimate(request));
            usage.success(answer.usage());
            learn(request, answer.usage());
            return answer;
        } catch (BackendException e) {
            usage.failure(Usage.ZERO);
            throw e;
        }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        InputStream in;
        try {
            in = http.post(writer.write(request, true), true);
        } catch (BackendException e) {
            usage.failure(Usage.ZERO);
            throw e;
        }
        OpenAiStreamParser parser = new OpenAiStreamParser(in, json, errors, tokens, settings.model(),
                request.messages());
        SettledStream call = new SettledStream(parser, in, usage, u -> learn(request, u));
        return ChatStream.of(call, call::close, call::ready);
    }

    @Override
    public int countTokens(List<Message> messages) {
        return tokens.count(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public int tokenUpperBound(List<Message> messages) {
        return tokens.upperBound(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public int estimateTokens(List<Message> messages) {
        return tokens.estimate(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public boolean countsTokensExactly() {
        return tokens.exact();
    }

    @Override
    public void resetContext() {
        // Every call carries its whole conversation: the server keeps nothing to forget.
    }

    @Override
    public UsageStats usage() {
        return usage.snapshot();
    }

    @Override
    public void close() {
        http.close();
    }

    /** Whether the tokenizer's vocabulary has been loaded (for tests: an estimate must not load it). */
    boolean vocabularyLoaded() {
        return tokens.encodingLoaded();
    }

    private IntSupplier promptEstimate(ChatRequest request) {
        int[] memo = {-1};
        return () -> {
            if (memo[0] < 0) {
                memo[0] = tokens.count(request.messages());
            }
            return memo[0];
        };
    }

    private void learn(ChatRequest request, Usage reported) {
        if (reported.exact()) {
            tokens.observe(request.messages(), reported.promptTokens(), !request.tools().isEmpty());
        }
    }
}
