package dev.consort.backend.fast;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Objects;
import java.util.Set;

/**
 * Makes backends of type {@code openai}: the OpenAI Chat Completions API, or any server that speaks it
 * (set {@code base_url}). Thread-safe.
 *
 * @since 1.0
 */
public final class OpenAiBackendProvider implements BackendProvider {

    /** Creates the provider; does no work. */
    public OpenAiBackendProvider() {
    }

    @Override
    public String type() {
        return "openai";
    }

    @Override
    public String description() {
        return "OpenAI Chat Completions and compatible servers (vLLM, llama.cpp, LM Studio, Groq, Together, "
                + "DeepSeek, OpenRouter)";
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(context, "context is null");
        return new OpenAiBackend(name, OpenAiSettings.from(config), context.clock());
    }

    @Override
    public void validate(PluginConfig config) {
        OpenAiSettings.from(config);
    }

    @Override
    public Set<String> configKeys() {
        return OpenAiSettings.KEYS;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }
}
