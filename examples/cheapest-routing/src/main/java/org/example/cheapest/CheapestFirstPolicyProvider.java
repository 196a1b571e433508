package org.example.cheapest;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.routing.RoutingPolicy;
import dev.consort.spi.routing.RoutingPolicyProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routing policy {@code cheapest} ({@code routing.policy: cheapest}). It reads the same
 * {@code routing.rules} as the built-in policy. Stateless and thread-safe.
 */
public final class CheapestFirstPolicyProvider implements RoutingPolicyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public CheapestFirstPolicyProvider() {
    }

    @Override
    public String type() {
        return "cheapest";
    }

    /**
     * Makes the policy.
     *
     * @param config the whole {@code routing} subtree; Consort has already checked its keys
     */
    @Override
    public RoutingPolicy create(PluginConfig config, PluginContext context) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        config.section("rules").ifPresent(r -> r.keys().forEach(task -> rules.put(task, r.stringList(task))));
        return new CheapestFirstPolicy(rules);
    }
}
