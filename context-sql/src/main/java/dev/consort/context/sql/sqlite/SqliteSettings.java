package dev.consort.context.sql.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open a SQLite store.
 *
 * @param path        the database file; not null, absolute
 * @param busyTimeout how long a write waits for another connection's lock before failing; not negative,
 *                    at most {@link Integer#MAX_VALUE} milliseconds
 * @param durability  when commits reach the disk; not null
 */
record SqliteSettings(Path path, Duration busyTimeout, Durability durability) {

    /** The busy timeout when none is configured. */
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    /**
     * When a commit reaches the disk. Both survive the process being killed: a commit is in the
     * write-ahead log (the operating system's page cache) before {@code COMMIT} returns.
     */
    enum Durability {
        /** {@code synchronous=FULL}: the log is flushed on every commit; survives power loss too. */
        FULL,
        /** {@code synchronous=NORMAL}: flushed at checkpoints; power loss may undo the last commits. */
        NORMAL
    }

    /** Validates the components. */
    SqliteSettings {
        Objects.requireNonNull(path, "path is null");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("path is not absolute: " + path);
        }
        Objects.requireNonNull(busyTimeout, "busyTimeout is null");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout out of range: " + busyTimeout);
        }
        Objects.requireNonNull(durability, "durability is null");
    }

    /**
     * Default settings for a file.
     *
     * @param path the database file; not null
     * @return the settings
     */
    static SqliteSettings of(Path path) {
        return new SqliteSettings(path.toAbsolutePath().normalize(), DEFAULT_BUSY_TIMEOUT, Durability.FULL);
    }
}
