package dev.consort.backend.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.SettledStream;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.SseEventReader;
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
 * A backend of type {@code anthropic}: one Claude model behind {@code POST {base_url}/v1/messages}.
 * Thread-safe; each call is its own HTTP exchange. The only state kept between calls is the thinking
 * that preceded recent tool calls (see {@link ThinkingMemory}), which {@link #resetContext()} forgets.
 */
final class AnthropicBackend implements LLMBackend {

    static final Persona DEFAULT_PERSONA = new Persona("Plans work",
            "You are the planner. Think the task through, then reply with a plan as numbered steps: one "
                    + "concrete action per step, in the order to carry them out, naming the files, commands "
                    + "and checks involved. Note assumptions and risks briefly after the steps.");

    private final String name;
    private final AnthropicSettings settings;
    private final ObjectMapper json = AnthropicJson.mapper();
    private final ThinkingMemory memory = new ThinkingMemory();
    private final AnthropicErrors errors;
    private final AnthropicRequestWriter writer;
    private final AnthropicAnswerReader reader;
    private final AnthropicHttp http;
    private final AnthropicTokenCounter tokens;
    private final UsageCounter usage = new UsageCounter();

    AnthropicBackend(String name, AnthropicSettings settings, Clock clock) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.errors = new AnthropicErrors(name, settings, json, clock);
        this.writer = new AnthropicRequestWriter(name, json, settings, memory);
        this.reader = new AnthropicAnswerReader(json, errors, memory);
        this.http = new AnthropicHttp(name, settings, errors);
        this.tokens = new AnthropicTokenCounter(settings, writer, http, json);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return AnthropicBackendProvider.TYPE;
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
        return settings.defaultMaxTokens();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        try {
            AnthropicRequestBody body = writer.write(request, false);
            InputStream in = http.post(AnthropicHttp.MESSAGES, bytes(body), false, settings.readTimeout());
            ChatResponse answer = reader.read(http.readCapped(in), body.jsonAnswer(), settings.model(),
                    promptEstimate(request));
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
        AnthropicRequestBody body;
        InputStream in;
        try {
            body = writer.write(request, true);
            in = http.post(AnthropicHttp.MESSAGES, bytes(body), true, settings.readTimeout());
        } catch (BackendException e) {
            usage.failure(Usage.ZERO);
            throw e;
        }
        AnthropicStreamParser parser = new AnthropicStreamParser(new SseEventReader(in), json, errors, memory,
                body.jsonAnswer(), settings.model(), promptEstimate(request));
        SettledStream call = new SettledStream(parser, in, usage, u -> learn(request, u));
        return ChatStream.of(call, call::close);
    }

    @Override
    public int countTokens(List<Message> messages) {
        return tokens.count(Objects.requireNonNull(messages, "messages is null"));
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
        memory.clear();
    }

    @Override
    public UsageStats usage() {
        return usage.snapshot();
    }

    @Override
    public void close() {
        http.close();
    }

    private byte[] bytes(AnthropicRequestBody body) {
        try {
            return json.writeValueAsBytes(body.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private IntSupplier promptEstimate(ChatRequest request) {
        int[] memo = {-1};
        return () -> {
            if (memo[0] < 0) {
                memo[0] = tokens.estimate(request);
            }
            return memo[0];
        };
    }

    private void learn(ChatRequest request, Usage reported) {
        if (reported.exact()) {
            tokens.observe(request, reported.promptTokens());
        }
    }
}
