package dev.consort.core.config;

import java.util.Objects;

/**
 * Where a configuration value was written.
 *
 * @param file   the file as shown to users; not null
 * @param line   1-based line
 * @param column 1-based column
 * @param source the file's real path, against whose folder relative paths in it resolve; null when
 *               the text came from elsewhere
 */
public record Location(String file, int line, int column, java.nio.file.Path source) {

    /** Validates the components. */
    public Location {
        Objects.requireNonNull(file, "file is null");
    }

    /** A location in text that has no file of its own. */
    public Location(String file, int line, int column) {
        this(file, line, column, null);
    }

    /** A location for values that come from no file (built-in defaults). */
    public static Location builtIn(String what) {
        return new Location(what, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
