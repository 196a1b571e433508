package dev.consort.core.plugin;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.context.ContextStoreProvider;
import dev.consort.spi.routing.RoutingPolicyProvider;
import dev.consort.spi.tool.ToolProvider;

/** The kinds of provider a plugin may supply, with the name users see for each. */
enum ProviderKind {
    BACKEND(BackendProvider.class, "backend type"),
    TOOL(ToolProvider.class, "tool"),
    STORE(ContextStoreProvider.class, "context store type"),
    POLICY(RoutingPolicyProvider.class, "routing policy type");

    final Class<?> service;
    final String noun;

    ProviderKind(Class<?> service, String noun) {
        this.service = service;
        this.noun = noun;
    }
}
