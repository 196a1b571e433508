package dev.consort.core.orchestrator;

import dev.consort.spi.config.PluginContext;
import java.nio.file.Path;
import java.time.Clock;

/** What plugins are given: the project, its state folder, the user's cache, the clock. */
public record EngineContext(Path projectDir, Path stateDir, Path cacheDir, Clock clock) implements PluginContext {
}
