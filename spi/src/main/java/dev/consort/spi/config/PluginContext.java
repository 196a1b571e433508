package dev.consort.spi.config;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the engine offers a plugin when creating it. Thread-safe.
 *
 * @since 1.0
 */
public interface PluginContext {

    /**
     * The project folder (where {@code consort.yaml} is, or the working directory).
     *
     * @return an absolute path; never null
     */
    Path projectDir();

    /**
     * The project's state folder ({@code .consort/} in the project), for databases and logs. Created
     * on demand by whoever writes there.
     *
     * @return an absolute path; never null
     */
    Path stateDir();

    /**
     * The user's cache folder for Consort ({@code ~/.cache/consort}, honouring
     * {@code XDG_CACHE_HOME}), for downloaded or generated files shared between projects.
     *
     * @return an absolute path; never null
     */
    Path cacheDir();

    /**
     * The clock to use for time stamps and time-outs (tests may fix it).
     *
     * @return the clock; never null
     */
    Clock clock();
}
