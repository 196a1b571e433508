package org.example.textgen;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Objects;
import java.util.Set;

/**
 * Makes backends of type {@code textgen}. {@link java.util.ServiceLoader} creates one instance with the
 * public no-argument constructor; it holds no state, so it is thread-safe.
 */
public final class TextGenBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public TextGenBackendProvider() {
    }

    @Override
    public String type() {
        return "textgen";
    }

    @Override
    public String description() {
        return "a minimal text-completion HTTP service (example plugin)";
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(context, "context is null");
        return new TextGenBackend(name, TextGenSettings.from(config), context.clock());
    }

    /** Checks everything {@link #create} would, without connecting: {@code consort config check} calls this. */
    @Override
    public void validate(PluginConfig config) {
        TextGenSettings.from(config);
    }

    @Override
    public Set<String> configKeys() {
        return TextGenSettings.KEYS;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }
}
