package dev.consort.backend.local.ollama;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Objects;
import java.util.Set;

/**
 * Makes {@code ollama} backends: a model served by an Ollama server through {@code /api/chat}, the
 * team's local coder. Thread-safe.
 *
 * @since 1.0
 */
public final class OllamaBackendProvider implements BackendProvider {

    /** Creates the provider; does no work. */
    public OllamaBackendProvider() {
    }

    @Override
    public String type() {
        return "ollama";
    }

    @Override
    public String description() {
        return "A model served by Ollama (/api/chat, NDJSON streaming, tools, JSON output)";
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(context, "context is null");
        return new OllamaBackend(name, OllamaSettings.from(config), context.clock());
    }

    @Override
    public void validate(PluginConfig config) {
        OllamaSettings.from(config);
    }

    @Override
    public Set<String> configKeys() {
        return OllamaSettings.KEYS;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }
}
