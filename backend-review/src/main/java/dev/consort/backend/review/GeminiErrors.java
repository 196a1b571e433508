package dev.consort.backend.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps Gemini's {@code {"error": {code, message, status, details}}} answers to the SPI's failure types:
 * an invalid key (sent as a 400) to authentication, a token-limit 400 to context length exceeded,
 * {@code RESOURCE_EXHAUSTED} with its {@code RetryInfo} delay to rate limited; the rest by status.
 */
final class GeminiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiErrors() {
    }

    /** The failure of an error response. */
    static BackendException forStatus(String backend, int status, String body, Map<String, List<String>> headers,
                                      Clock clock) {
        JsonNode error = parse(body).path("error");
        Duration retryAfter = retryDelay(error).or(() -> HttpFailures.retryAfter(headers, clock)).orElse(null);
        return map(backend, status, error.isObject() ? error : null, body, retryAfter);
    }

    /** The failure of an {@code error} object sent in the middle of a stream. */
    static BackendException forStreamedError(String backend, JsonNode error) {
        int status = error.path("code").asInt(0);
        return map(backend, status >= 400 ? status : 500, error, error.toString(), retryDelay(error).orElse(null));
    }

    private static BackendException map(String backend, int status, JsonNode error, String rawBody,
                                        Duration retryAfter) {
        String message = error != null ? error.path("message").asText("") : rawBody;
        String code = error != null ? error.path("status").asText("") : "";
        String said = HttpFailures.oneLine((code.isEmpty() ? "" : code + ": ") + message);
        String prefix = "backend '" + backend + "': HTTP " + status + ": " + said;
        String lower = message.toLowerCase(Locale.ROOT);
        if (status == 400 && (lower.contains("api key not valid") || hasReason(error, "API_KEY_INVALID"))) {
            return new AuthenticationException(backend, prefix + " (check the API key)", status, null);
        }
        if (status == 400 && (lower.contains("token count") && lower.contains("exceeds")
                || lower.contains("exceeds the maximum number of tokens") || lower.contains("too many tokens")
                || lower.contains("context length"))) {
            return new ContextLengthExceededException(backend, prefix, status, null);
        }
        if (status == 429 || "RESOURCE_EXHAUSTED".equals(code)) {
            return new RateLimitedException(backend, prefix, retryAfter, status);
        }
        return HttpFailures.forStatus(backend, status, said, retryAfter);
    }

    private static boolean hasReason(JsonNode error, String reason) {
        if (error == null) {
            return false;
        }
        for (JsonNode d : error.path("details")) {
            if (reason.equals(d.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The delay of a {@code google.rpc.RetryInfo} detail ({@code "13s"}, {@code "0.5s"}). */
    static Optional<Duration> retryDelay(JsonNode error) {
        if (error == null) {
            return Optional.empty();
        }
        for (JsonNode d : error.path("details")) {
            String delay = d.path("retryDelay").asText("");
            if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo") && delay.endsWith("s")) {
                try {
                    double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
                    if (seconds >= 0) {
                        return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
                    }
                } catch (NumberFormatException ignored) {
                    // an unreadable delay is no delay; the Retry-After header may still say
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.missingNode() : n;
        } catch (java.io.IOException e) {
            return JSON.missingNode();
        }
    }
}
