package dev.consort.spi.routing;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;

/**
 * Makes routing policies of one type ({@code routing.policy}). Found with
 * {@link java.util.ServiceLoader}.
 *
 * @since 1.0
 */
public interface RoutingPolicyProvider {

    /**
     * The type used in configuration ({@code routing.policy: rules}).
     *
     * @return the type; never null
     */
    String type();

    /**
     * Creates the policy.
     *
     * @param config  the {@code routing} configuration subtree; not null
     * @param context what the engine offers plugins; not null
     * @return the policy; never null
     * @throws dev.consort.spi.config.ConfigException when the configuration is invalid
     */
    RoutingPolicy create(PluginConfig config, PluginContext context);
}
