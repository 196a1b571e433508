package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.OverloadedException;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns what the Messages API says went wrong into the SPI's typed failures: an error status with its
 * {@code {"type":"error","error":{"type","message"}}} body, an {@code error} event in the middle of a
 * stream, or a failed exchange. Messages are one line, name the backend and never carry the API key.
 * Thread-safe.
 */
final class AnthropicErrors implements dev.consort.http.JsonEndpoint.Failures {

    private static final Pattern CONTEXT_WORDS = Pattern.compile(
            "prompt is too long|context (window|length|limit)|too many (input )?tokens|input length",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY_LIKE = Pattern.compile("sk-ant-[A-Za-z0-9_\\-*]{4,}");

    private final String backend;
    private final AnthropicSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    AnthropicErrors(String backend, AnthropicSettings settings, ObjectMapper json, Clock clock) {
        this.backend = backend;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** The failure an error response means. */
    @Override
    public BackendException forStatus(int status, String body, Map<String, List<String>> headers) {
        JsonNode error = errorObject(body);
        Duration retryAfter = RateLimitReset.from(headers, clock).orElse(null);
        if (error == null) {
            return HttpFailures.forStatus(backend, status, clean(body), retryAfter);
        }
        String type = error.path("type").asText("");
        String message = error.path("message").asText("");
        return classify(type, message, status, retryAfter, "HTTP " + status);
    }

    /** The failure an {@code error} event in a stream (or an error body with status 200) means. */
    BackendException forEvent(JsonNode event) {
        JsonNode error = event.path("error");
        String type = error.path("type").asText("");
        String message = error.path("message").asText("");
        return classify(type, message, 0, null, "the answer failed with");
    }

    /** The failure an I/O problem means. */
    @Override
    public TransportException transport(IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        String what;
        if (e instanceof dev.consort.http.ConnectTimeoutException) {
            what = "could not connect to " + settings.baseUrl() + " within " + settings.connectTimeout().toMillis()
                    + " ms (connect_timeout)";
        } else if (timeout) {
            what = "no data from " + settings.baseUrl() + " for " + settings.readTimeout().toMillis()
                    + " ms (read_timeout)";
        } else if (e instanceof ConnectException) {
            what = "cannot connect to " + settings.baseUrl();
        } else {
            what = "the exchange with " + settings.baseUrl() + " failed: " + clean(String.valueOf(e.getMessage()));
        }
        return new TransportException(backend, "backend '" + backend + "': " + what, timeout, e);
    }

    /** A body or event that could not be parsed. */
    TransportException malformed(String what, Throwable cause) {
        return new TransportException(backend, "backend '" + backend + "': malformed chunk: " + what, false, cause);
    }

    /** A stream or body that ended before its end. */
    TransportException cut(String what) {
        return new TransportException(backend, "backend '" + backend + "': " + what, false, null);
    }

    private BackendException classify(String type, String message, int status, Duration retryAfter, String where) {
        String said = type + (message.isEmpty() ? "" : ": " + clean(message));
        String msg = "backend '" + backend + "': " + where + " " + said;
        return switch (type) {
            case "authentication_error", "permission_error" ->
                    new AuthenticationException(backend, msg + " (check the API key and its permissions)", status, null);
            case "billing_error" ->
                    new AuthenticationException(backend, msg + " (check the account's billing)", status, null);
            case "not_found_error" ->
                    new InvalidRequestException(backend, msg + " (check the model name '" + settings.model() + "')",
                            status, null);
            case "request_too_large" -> new ContextLengthExceededException(backend, msg, status, null);
            case "invalid_request_error" -> CONTEXT_WORDS.matcher(message).find()
                    ? new ContextLengthExceededException(backend, msg, status, null)
                    : new InvalidRequestException(backend, msg, status, null);
            case "rate_limit_error" -> new RateLimitedException(backend, msg, retryAfter, status);
            case "overloaded_error" -> new OverloadedException(backend, msg, status, null);
            case "api_error" -> new ServerErrorException(backend, msg, status, null);
            default -> status >= 400
                    ? HttpFailures.forStatus(backend, status, said, retryAfter)
                    : new ServerErrorException(backend, msg, status, null);
        };
    }

    private JsonNode errorObject(String body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() && error.has("type") ? error : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    // Servers sometimes echo a request header back in an error; a key must never reach a message.
    private static String clean(String text) {
        String line = HttpFailures.oneLine(text);
        return KEY_LIKE.matcher(line).replaceAll("sk-ant-****");
    }
}
