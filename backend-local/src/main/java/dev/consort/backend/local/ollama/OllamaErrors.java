package dev.consort.backend.local.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.ServerErrorException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Maps Ollama's {@code {"error": "..."}} answers to the SPI's failure types: a missing model to an
 * invalid request that says {@code ollama pull MODEL}, a model without tool support to an invalid
 * request that says so; the rest by status.
 */
final class OllamaErrors {

    private OllamaErrors() {
    }

    /** The failure of an error response. */
    static BackendException forStatus(String backend, OllamaSettings settings, int status, String body,
                                      Duration retryAfter) {
        String message = errorText(body);
        BackendException specific = specific(backend, settings, status, message);
        return specific != null ? specific : HttpFailures.forStatus(backend, status, message, retryAfter);
    }

    /** The failure of an {@code error} line in the middle of a stream. */
    static BackendException forStreamedError(String backend, OllamaSettings settings, String message) {
        BackendException specific = specific(backend, settings, 0, message);
        return specific != null ? specific : new ServerErrorException(backend, "backend '" + backend
                + "': Ollama failed mid-stream: " + HttpFailures.oneLine(message), 0, null);
    }

    private static BackendException specific(String backend, OllamaSettings settings, int status, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (status == 404 || lower.contains("not found") && lower.contains("model")) {
            return new InvalidRequestException(backend, "backend '" + backend + "': the Ollama server at "
                    + settings.baseUrl() + " has no model '" + settings.model() + "'; run `ollama pull "
                    + settings.model() + "`" + (message.isBlank() ? "" : " (Ollama said: "
                    + HttpFailures.oneLine(message) + ")"), status, null);
        }
        if (lower.contains("does not support tools")) {
            return new InvalidRequestException(backend, "backend '" + backend + "': model '" + settings.model()
                    + "' does not support tools on Ollama; use a model with tool support or send no tools (Ollama said: "
                    + HttpFailures.oneLine(message) + ")", status, null);
        }
        return null;
    }

    private static String errorText(String body) {
        try {
            JsonNode n = OllamaRequestWriter.JSON.readTree(body);
            if (n != null && n.path("error").isTextual()) {
                return n.get("error").asText();
            }
        } catch (IOException notJson) {
            // a proxy's HTML or plain text: use it as it is
        }
        return body;
    }
}
