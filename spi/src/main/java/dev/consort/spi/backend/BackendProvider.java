package dev.consort.spi.backend;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Set;

/**
 * Makes backends of one type ({@code openai}, {@code anthropic}, ...). Found with
 * {@link java.util.ServiceLoader}; a plugin module declares it with {@code provides}.
 *
 * <p>Implementations have a public no-argument constructor that does no work and are thread-safe.
 *
 * @since 1.0
 */
public interface BackendProvider {

    /**
     * The type name used in configuration ({@code type: openai}). Unique across loaded plugins.
     *
     * @return the type; never null, lower case
     */
    String type();

    /**
     * One line for {@code consort plugins}.
     *
     * @return a description; never null
     */
    default String description() {
        return "";
    }

    /**
     * Creates a backend. May connect nowhere: a backend connects on its first call.
     *
     * @param name    the configured name ({@code planner}); not null
     * @param config  this backend's configuration subtree; not null
     * @param context what the engine offers plugins; not null
     * @return the backend; never null
     * @throws dev.consort.spi.config.ConfigException when the configuration is invalid
     */
    LLMBackend create(String name, PluginConfig config, PluginContext context);

    /**
     * Checks a configuration without creating anything (no files loaded, no connections), for
     * {@code consort config check}.
     *
     * @param config the configuration subtree; not null
     * @throws dev.consort.spi.config.ConfigException when it is invalid
     */
    default void validate(PluginConfig config) {
        config.checkKeys(configKeys());
    }

    /**
     * The configuration keys this type understands, besides {@code type}. Keys outside this set are
     * configuration errors. An empty set disables the check.
     *
     * @return the keys; never null
     */
    default Set<String> configKeys() {
        return Set.of();
    }

    /**
     * The configuration keys whose values are secret: masked in {@code config show}, logs and errors.
     *
     * @return the keys; never null
     */
    default Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }
}
