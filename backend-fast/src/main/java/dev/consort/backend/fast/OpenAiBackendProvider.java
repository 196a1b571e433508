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
 * <p>Configuration keys: {@code model} (required); {@code api_key} (sent as a bearer token when set;
 * compatible local servers need none); {@code base_url} (default {@code https://api.openai.com/v1});
 * {@code context_window} and {@code max_output_tokens} (defaults by model family; the output limit is
 * sent only when a request or this key sets it); {@code max_tokens_field} ({@code max_tokens} or
 * {@code max_completion_tokens}, by default the latter for o-series, gpt-5 and gpt-4.1 models);
 * {@code connect_timeout} (10s); {@code read_timeout} (120s, for the response headers and for silence
 * inside a body); {@code reasoning_effort} (default for requests without the hint);
 * {@code organization} and {@code project} (OpenAI headers); {@code stream_usage} (default true: ask
 * streams for their usage with {@code stream_options}).
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
