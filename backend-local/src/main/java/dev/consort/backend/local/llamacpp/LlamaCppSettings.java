package dev.consort.backend.local.llamacpp;

import dev.consort.spi.config.PluginConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The settings of one {@code llamacpp} backend, read and checked from its configuration subtree.
 *
 * @param model           the GGUF file, {@code ~} expanded; not null
 * @param contextWindow   the window per call ({@code n_ctx} of a slot), or 0 for the model's own length
 * @param threads         generation threads, or 0 for llama.cpp's default
 * @param gpuLayers       layers to offload to a GPU, or -1 for llama.cpp's default
 * @param chatTemplate    a Jinja chat template replacing the model's own, or null
 * @param temperature     the default temperature, if configured
 * @param topP            the default top-p, if configured
 * @param topK            the default top-k, if configured
 * @param seed            the sampling seed, if configured (else every call samples differently)
 * @param maxOutputTokens the default output limit, or 0 for a quarter of the window
 * @param parallel        llama.cpp slots: calls generated at once (others wait in llama.cpp's queue); at least 1
 */
record LlamaCppSettings(Path model, int contextWindow, int threads, int gpuLayers, String chatTemplate,
                        OptionalDouble temperature, OptionalDouble topP, OptionalInt topK, OptionalLong seed,
                        int maxOutputTokens, int parallel) {

    static final Set<String> KEYS = Set.of("model", "context_window", "threads", "gpu_layers", "chat_template",
            "temperature", "top_p", "top_k", "seed", "max_output_tokens", "parallel");

    LlamaCppSettings {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(temperature, "temperature is null");
        Objects.requireNonNull(topP, "topP is null");
        Objects.requireNonNull(topK, "topK is null");
        Objects.requireNonNull(seed, "seed is null");
        if (contextWindow < 0 || threads < 0 || maxOutputTokens < 0 || gpuLayers < -1) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        if (chatTemplate != null && chatTemplate.isBlank()) {
            chatTemplate = null;
        }
    }

    /**
     * Reads and checks a configuration subtree. Opens no file.
     *
     * @throws dev.consort.spi.config.ConfigException naming the key when a value is wrong
     */
    static LlamaCppSettings from(PluginConfig config) {
        config.checkKeys(KEYS);
        config.requireString("model");
        Path model = config.path("model").orElseThrow();
        int window = positive(config, "context_window", 0);
        int maxOut = positive(config, "max_output_tokens", 0);
        if (window > 0 && maxOut >= window) {
            throw config.error("max_output_tokens", "must be smaller than context_window (" + window + ")");
        }
        int gpuLayers = config.integer("gpu_layers").orElse(-1);
        if (gpuLayers < -1) {
            throw config.error("gpu_layers", "must be 0 or more, got " + gpuLayers);
        }
        OptionalDouble temperature = config.decimal("temperature");
        if (temperature.isPresent() && (temperature.getAsDouble() < 0 || temperature.getAsDouble() > 2)) {
            throw config.error("temperature", "must be between 0 and 2, got " + temperature.getAsDouble());
        }
        OptionalDouble topP = config.decimal("top_p");
        if (topP.isPresent() && (topP.getAsDouble() <= 0 || topP.getAsDouble() > 1)) {
            throw config.error("top_p", "must be above 0 and at most 1, got " + topP.getAsDouble());
        }
        OptionalInt topK = config.integer("top_k");
        if (topK.isPresent() && topK.getAsInt() < 0) {
            throw config.error("top_k", "must not be negative, got " + topK.getAsInt());
        }
        return new LlamaCppSettings(model, window, positive(config, "threads", 0), gpuLayers,
                config.string("chat_template").orElse(null), temperature, topP, topK, config.longValue("seed"),
                maxOut, positive(config, "parallel", 1));
    }

    private static int positive(PluginConfig config, String key, int dflt) {
        if (!config.has(key)) {
            return dflt;
        }
        int v = config.integer(key).orElse(dflt);
        if (v <= 0) {
            throw config.error(key, "must be positive, got " + v);
        }
        return v;
    }
}
