package dev.consort.backend.fast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import dev.consort.http.ConnectTimeoutException;
import dev.consort.http.JsonEndpoint;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what an OpenAI-compatible server says went wrong into the SPI's typed failures: an error status
 * with its JSON body ({@code {"error":{"message","type","code"}}} and the variants of vLLM, llama.cpp,
 * OpenRouter and FastAPI servers), an {@code error} object inside a stream, or a failed exchange.
 * Messages are one line, name the backend and never carry the API key. Thread-safe.
 */
final class OpenAiErrors implements JsonEndpoint.Failures {

    private static final Pattern CONTEXT_WORDS = Pattern.compile(
            "maximum context length|context length|context window|context_length|prompt is too long"
                    + "|reduce the length of the messages|exceeds the available context size",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_\\-*]{6,}");

    private final String backend;
    private final OpenAiSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    OpenAiErrors(String backend, OpenAiSettings settings, ObjectMapper json, Clock clock) {
        this.backend = backend;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** The failure an error response means. */
    @Override
    public BackendException forStatus(int status, String body, Map<String, List<String>> headers) {
        JsonNode root = parse(body);
        Said said = said(root, body);
        Optional<Duration> retryAfter = RateLimitReset.from(headers, clock).or(() -> openRouterReset(root));
        return classify(status, said, retryAfter.orElse(null), "HTTP " + status);
    }

    /** The failure an {@code error} object inside a 200 response or a stream chunk means. */
    BackendException inBody(JsonNode error) {
        Said said = said(json.createObjectNode().set("error", error), error.toString());
        int status = error.path("code").canConvertToInt() ? error.path("code").asInt() : 0;
        if (status < 400 || status > 599) {
            status = 0;
        }
        return classify(status, said, null, "error in the answer");
    }

    /** The failure an I/O problem means. */
    @Override
    public TransportException transport(IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        String what;
        if (e instanceof ConnectTimeoutException) {
            what = "could not connect within " + settings.connectTimeout().toMillis() + " ms (connect_timeout)";
        } else if (timeout) {
            what = "timed out after " + settings.readTimeout().toMillis() + " ms without data (read_timeout)";
        } else if (e instanceof ConnectException) {
            what = "cannot connect to " + settings.baseUrl();
        } else {
            what = "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new TransportException(backend, line("call to " + settings.baseUrl() + " " + what), timeout, e);
    }

    /** A protocol failure: a body or chunk that is not what the API sends. */
    TransportException malformed(String what, Throwable cause) {
        return new TransportException(backend, line(what), false, cause);
    }

    private BackendException classify(int status, Said said, Duration retryAfter, String where) {
        String code = said.code().toLowerCase(Locale.ROOT);
        String type = said.type().toLowerCase(Locale.ROOT);
        String text = scrub(said.message());
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
            // Retrying cannot refill an account; another backend can answer.
            return new AuthenticationException(backend, line(where + ": " + text
                    + " (the account's quota is used up: check the plan and billing)"), status, null);
        }
        if (status == 429 || code.equals("rate_limit_exceeded") || type.equals("rate_limit_exceeded")
                || code.equals("429")) {
            return new RateLimitedException(backend, line(where + ": rate limited: " + text), retryAfter,
                    status == 0 ? 429 : status);
        }
        if (code.equals("context_length_exceeded") || type.equals("exceed_context_size_error")
                || ((status == 400 || status == 413 || status == 0) && CONTEXT_WORDS.matcher(text).find())) {
            return new ContextLengthExceededException(backend, line(where + ": the prompt does not fit the model's "
                    + "context window: " + text), status, null);
        }
        if (status == 404 || code.equals("model_not_found")) {
            return new InvalidRequestException(backend, line(where + ": " + text + " (check `model` ('"
                    + settings.model() + "') and `base_url` (" + settings.baseUrl() + "))"), status, null);
        }
        if ((status == 401 || status == 403) && settings.apiKey() == null) {
            return new AuthenticationException(backend, line(where + ": " + text
                    + " (no api_key is configured for this backend)"), status, null);
        }
        if (status == 0) {
            return new ServerErrorException(backend, line(where + ": " + (code.isEmpty() ? "" : code + ": ") + text),
                    0, null);
        }
        String prefix = where.startsWith("HTTP") ? "" : where + ": ";
        return HttpFailures.forStatus(backend, status, prefix + text, retryAfter);
    }

    private String line(String text) {
        return "backend '" + backend + "': " + HttpFailures.oneLine(scrub(text));
    }

    private String scrub(String text) {
        String s = text;
        if (settings.apiKey() != null && !settings.apiKey().reveal().isEmpty()) {
            s = s.replace(settings.apiKey().reveal(), "****");
        }
        return KEY_LIKE.matcher(s).replaceAll("sk-****");
    }

    private JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : json.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Said said(JsonNode root, String body) {
        if (root == null || !root.isObject()) {
            return new Said(body.strip(), "", "");
        }
        JsonNode error = root.path("error");
        if (error.isTextual()) {
            return new Said(error.asText(), "", "");
        }
        if (error.isObject()) {
            String message = error.path("message").asText("");
            String raw = error.path("metadata").path("raw").asText("");
            if (!raw.isEmpty() && !message.contains(raw)) {
                message = message + " (" + raw + ")";
            }
            return new Said(message, error.path("code").asText(""), error.path("type").asText(""));
        }
        if (root.path("message").isTextual()) {
            return new Said(root.path("message").asText(), root.path("code").asText(""), root.path("type").asText(""));
        }
        if (root.has("detail")) {
            JsonNode d = root.path("detail");
            return new Said(d.isTextual() ? d.asText() : d.toString(), "", "");
        }
        return new Said(body.strip(), "", "");
    }

    private Optional<Duration> openRouterReset(JsonNode root) {
        if (root == null) {
            return Optional.empty();
        }
        JsonNode reset = root.path("error").path("metadata").path("headers").path("X-RateLimit-Reset");
        if (!reset.isTextual() && !reset.isNumber()) {
            return Optional.empty();
        }
        try {
            Duration wait = Duration.between(clock.instant(), Instant.ofEpochMilli(Long.parseLong(reset.asText().trim())));
            return wait.isNegative() ? Optional.empty() : Optional.of(wait);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private record Said(String message, String code, String type) {
    }
}
