package dev.consort.spi.context;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.Set;

/**
 * Makes context stores of one type ({@code memory}, {@code sqlite}, {@code postgres}). Found with
 * {@link java.util.ServiceLoader}.
 *
 * @since 1.0
 */
public interface ContextStoreProvider {

    /**
     * The type used in configuration ({@code context.store}).
     *
     * @return the type; never null
     */
    String type();

    /**
     * Opens a store.
     *
     * @param config  the {@code context} configuration subtree; not null
     * @param context what the engine offers plugins; not null
     * @return the open store; never null
     * @throws ContextStoreException when it cannot be opened
     * @throws dev.consort.spi.config.ConfigException when the configuration is invalid
     */
    ContextStore open(PluginConfig config, PluginContext context);

    /**
     * The configuration keys whose values are secret.
     *
     * @return the keys; never null
     */
    default Set<String> sensitiveKeys() {
        return Set.of("password");
    }
}
