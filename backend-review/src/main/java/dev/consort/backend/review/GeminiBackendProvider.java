package dev.consort.backend.review;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Objects;
import java.util.Set;

/**
 * Makes {@code gemini} backends: Google Gemini through {@code generateContent} and
 * {@code streamGenerateContent?alt=sse}, the reviewer of the team. Thread-safe.
 *
 * @since 1.0
 */
public final class GeminiBackendProvider implements BackendProvider {

    /** Creates the provider; does no work. */
    public GeminiBackendProvider() {
    }

    @Override
    public String type() {
        return "gemini";
    }

    @Override
    public String description() {
        return "Google Gemini (generateContent, SSE streaming, thinking, function calling)";
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(context, "context is null");
        return new GeminiBackend(name, GeminiSettings.from(config), context.clock());
    }

    @Override
    public void validate(PluginConfig config) {
        GeminiSettings.from(config);
    }

    @Override
    public Set<String> configKeys() {
        return GeminiSettings.KEYS;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }
}
