package dev.consort.core.routing;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.routing.RoutingPolicy;
import dev.consort.spi.routing.RoutingPolicyProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Provides the {@code rules} routing policy from {@code routing.rules}. */
public final class RulesRoutingPolicyProvider implements RoutingPolicyProvider {

    @Override
    public String type() {
        return "rules";
    }

    @Override
    public RoutingPolicy create(PluginConfig config, PluginContext context) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        config.section("rules").ifPresent(r -> r.keys().forEach(type -> rules.put(type, r.stringList(type))));
        return new RulesRoutingPolicy(rules);
    }
}
