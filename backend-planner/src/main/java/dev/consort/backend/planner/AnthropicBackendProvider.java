package dev.consort.backend.planner;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Objects;
import java.util.Set;

/**
 * Makes backends of type {@code anthropic}: the Anthropic Messages API (Claude Opus, Sonnet, Haiku),
 * with extended thinking, or any proxy that speaks it (set {@code base_url}). Thread-safe.
 *
 * @since 1.0
 */
public final class AnthropicBackendProvider implements BackendProvider {

    static final String TYPE = "anthropic";

    /** Creates the provider; does no work. */
    public AnthropicBackendProvider() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Anthropic Messages API (Claude), with extended thinking";
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(context, "context is null");
        return new AnthropicBackend(name, AnthropicSettings.from(config), context.clock());
    }

    @Override
    public void validate(PluginConfig config) {
        AnthropicSettings.from(config);
    }

    @Override
    public Set<String> configKeys() {
        return AnthropicSettings.KEYS;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }
}
