package org.example.textgen;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.ReadTimeoutInputStream;
import dev.consort.spi.backend.SettledStream;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A backend for a minimal text-completion service:
 *
 * <pre>
 * POST {base_url}/generate             body: the conversation as text/plain; header X-Model, X-Max-Tokens
 *   200 text/plain                      the completion; headers X-Prompt-Tokens, X-Completion-Tokens
 * POST {base_url}/generate?stream=true
 *   200 text/event-stream               "data: " events carry text; "event: done" / "data: PROMPT COMPLETION" ends
 * 4xx/5xx                               what went wrong, as text (Retry-After on 429)
 * </pre>
 *
 * <p>It shows what every backend owes Consort: typed failures ({@link HttpFailures}), usage counted once
 * per call ({@link UsageCounter}, {@link SettledStream}), streams that a close from another thread cancels,
 * and a read time-out that also covers silence in the middle of a stream ({@link ReadTimeoutInputStream}).
 * Thread-safe: the HTTP client and the counters are.
 */
final class TextGenBackend implements LLMBackend {

    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final Persona PERSONA = new Persona("Example text service",
            "You are a helpful assistant. Answer briefly.");

    private final String name;
    private final TextGenSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final UsageCounter usage = new UsageCounter();
    private final TokenEstimator estimator = new TokenEstimator();

    TextGenBackend(String name, TextGenSettings settings, Clock clock) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "textgen";
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public Persona persona() {
        return PERSONA;
    }

    @Override
    public int contextWindow() {
        return settings.contextWindow();
    }

    @Override
    public int maxOutputTokens() {
        return settings.maxOutput();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        HttpResponse<InputStream> response = send(request, false);
        String text;
        try (InputStream in = new ReadTimeoutInputStream(response.body(), settings.readTimeout())) {
            text = new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            usage.failure(Usage.ZERO);
            throw transport(e);
        }
        int prompt = header(response, "x-prompt-tokens").orElse(-1);
        int completion = header(response, "x-completion-tokens").orElse(-1);
        Usage u = prompt >= 0 && completion >= 0 ? Usage.exact(prompt, completion)
                : Usage.estimated(estimator.estimate(request.messages()), estimator.estimate(text));
        if (u.exact()) {
            estimator.observe(request.messages(), u.promptTokens());
        }
        usage.success(u);
        return new ChatResponse(text, "", FinishReason.STOP, List.of(), u, settings.model());
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        HttpResponse<InputStream> response = send(request, true);
        InputStream body = new ReadTimeoutInputStream(response.body(), settings.readTimeout());
        TextGenStreamParser parser = new TextGenStreamParser(name, settings.model(), body,
                estimator.estimate(request.messages()), estimator);
        SettledStream settled = new SettledStream(parser, body, usage, u -> {
            if (u.exact()) {
                estimator.observe(request.messages(), u.promptTokens());
            }
        });
        return ChatStream.of(settled, settled::close);
    }

    /** Sends the request; a non-2xx answer becomes the typed failure its status means, counted as an error. */
    private HttpResponse<InputStream> send(ChatRequest request, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/generate"
                        + (stream ? "?stream=true" : "")))
                .timeout(settings.readTimeout())
                .header("content-type", "text/plain; charset=utf-8")
                .header("accept", stream ? "text/event-stream" : "text/plain")
                .header("x-model", settings.model())
                .header("x-max-tokens", Integer.toString(request.maxTokensIfSet().orElse(settings.maxOutput())))
                .POST(HttpRequest.BodyPublishers.ofString(render(request.messages()), StandardCharsets.UTF_8));
        if (settings.apiKey() != null) {
            b.header("authorization", "Bearer " + settings.apiKey().reveal());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            usage.failure(Usage.ZERO);
            throw transport(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            usage.failure(Usage.ZERO);
            throw new TransportException(name, "backend '" + name + "': interrupted", false, e);
        }
        if (response.statusCode() >= 300) {
            String said;
            try (InputStream in = new ReadTimeoutInputStream(response.body(), settings.readTimeout())) {
                said = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                said = "";
            }
            usage.failure(Usage.ZERO);
            throw HttpFailures.forStatus(name, response.statusCode(), said,
                    HttpFailures.retryAfter(response.headers().map(), clock).orElse(null));
        }
        return response;
    }

    /** The conversation as the service reads it: one {@code role: text} block per message. */
    static String render(List<Message> messages) {
        StringBuilder out = new StringBuilder();
        for (Message m : messages) {
            out.append(m.role().name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(m.content()).append('\n');
        }
        return out.toString();
    }

    private TransportException transport(IOException e) {
        return new TransportException(name, "backend '" + name + "': the call to " + settings.baseUrl() + " failed: "
                + HttpFailures.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                e instanceof java.net.http.HttpTimeoutException, e);
    }

    private static OptionalInt header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).map(v -> {
            try {
                return OptionalInt.of(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }).orElse(OptionalInt.empty());
    }

    @Override
    public int countTokens(List<Message> messages) {
        return estimator.estimate(Objects.requireNonNull(messages, "messages is null"));
    }

    @Override
    public void resetContext() {
        // the service is stateless: every call carries the whole conversation
    }

    @Override
    public UsageStats usage() {
        return usage.snapshot();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
