package dev.consort.core.context;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.ContextStoreProvider;

/** Provides the {@code memory} context store. */
public final class InMemoryContextStoreProvider implements ContextStoreProvider {

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public ContextStore open(PluginConfig config, PluginContext context) {
        config.checkKeys(java.util.Set.of("store"));
        return new InMemoryContextStore(context.clock());
    }
}
