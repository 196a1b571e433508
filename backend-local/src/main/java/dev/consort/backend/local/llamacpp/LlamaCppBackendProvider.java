package dev.consort.backend.local.llamacpp;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Objects;
import java.util.Set;

/**
 * Makes {@code llamacpp} backends: a GGUF model run by llama.cpp inside the process (JNI, through
 * {@code de.kherud:llama}), with no server and no key. Keys: {@code model} (required, {@code ~} expanded),
 * {@code context_window} (default: the model's own), {@code threads}, {@code gpu_layers},
 * {@code chat_template} (default: the model's own), {@code temperature}, {@code top_p}, {@code top_k},
 * {@code seed}, {@code max_output_tokens} and {@code parallel} (calls generated at once, default 1; more
 * wait in llama.cpp's queue). The model loads on the first call. Thread-safe.
 *
 * @since 1.0
 */
public final class LlamaCppBackendProvider implements BackendProvider {

    static final String TYPE = "llamacpp";

    /** Creates the provider; does no work. */
    public LlamaCppBackendProvider() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "A GGUF model run by llama.cpp in process (exact token counts, grammar-constrained JSON and tools)";
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(context, "context is null");
        return new LlamaCppBackend(name, LlamaCppSettings.from(config));
    }

    @Override
    public void validate(PluginConfig config) {
        LlamaCppSettings.from(config);
    }

    @Override
    public Set<String> configKeys() {
        return LlamaCppSettings.KEYS;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of();
    }
}
