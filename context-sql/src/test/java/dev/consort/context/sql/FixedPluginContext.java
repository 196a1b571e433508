package dev.consort.context.sql;

import dev.consort.spi.config.PluginContext;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A fake {@link PluginContext} with fixed folders.
 *
 * @param projectDir the project folder
 * @param stateDir   its state folder
 * @param cacheDir   the cache folder
 * @param clock      the clock
 */
public record FixedPluginContext(Path projectDir, Path stateDir, Path cacheDir, Clock clock) implements PluginContext {

    /**
     * A project in a folder, with {@code .consort} as state folder and the system clock.
     *
     * @param projectDir the folder
     * @return the context
     */
    public static FixedPluginContext inProject(Path projectDir) {
        return new FixedPluginContext(projectDir, projectDir.resolve(".consort"), projectDir.resolve("cache"),
                Clock.systemUTC());
    }
}
