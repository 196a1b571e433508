package dev.consort.context.sql;

import dev.consort.spi.testkit.MapPluginConfig;
import java.nio.file.Path;

/** The {@code context} section of a project whose SQLite store is at a given file. */
public final class SqliteConfig {

    private SqliteConfig() {
    }

    /**
     * {@code context: {store: sqlite, path: FILE}}.
     *
     * @param file the database
     * @return the config
     */
    public static MapPluginConfig at(Path file) {
        return MapPluginConfig.at("context", "store", "sqlite", "path", file.toString());
    }
}
