package dev.consort.backend.local.ollama;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.testkit.MapPluginConfig;

/** This module's configuration subtree for tests, through the test kit's {@link MapPluginConfig}. */
final class TestConfig {

    private TestConfig() {
    }

    static PluginConfig of(Object... keysAndValues) {
        return MapPluginConfig.at("backends.local", keysAndValues);
    }

    static PluginContext context() {
        return MapPluginConfig.context();
    }
}
