package dev.consort.spi.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A typed, read-only view of one plugin's configuration subtree (for example {@code backends.planner}).
 * A provider sees only its own subtree.
 *
 * <p>Every accessor converts the value and, when it has the wrong type, throws a
 * {@link ConfigException} naming the file, line and column of the value. {@code ${NAME}}
 * references are already resolved. Thread-safe.
 *
 * @since 1.0
 */
public interface PluginConfig {

    /**
     * The path of this subtree in the configuration ({@code backends.planner}).
     *
     * @return the path; never null
     */
    String path();

    /**
     * The keys present in this subtree.
     *
     * @return the keys, in file order; never null
     */
    Set<String> keys();

    /**
     * Tells whether a key is present.
     *
     * @param key the key; not null
     * @return true when present
     */
    default boolean has(String key) {
        return keys().contains(key);
    }

    /**
     * A text value.
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when the value is not a scalar
     */
    Optional<String> string(String key);

    /**
     * A text value that must be present.
     *
     * @param key the key; not null
     * @return the value; never null
     * @throws ConfigException when missing or not a scalar
     */
    String requireString(String key);

    /**
     * An integer value. Accepts size suffixes for byte sizes ({@code 64KiB}, {@code 8MiB}) and
     * {@code k}/{@code M} for token counts ({@code 128k}).
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not an integer
     */
    OptionalInt integer(String key);

    /**
     * A long integer value, with the same suffixes as {@link #integer(String)}.
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not an integer
     */
    OptionalLong longValue(String key);

    /**
     * A decimal value.
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not a number
     */
    OptionalDouble decimal(String key);

    /**
     * A boolean value ({@code true}/{@code false}).
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not a boolean
     */
    Optional<Boolean> bool(String key);

    /**
     * A duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a bare number of seconds.
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not a duration
     */
    Optional<Duration> duration(String key);

    /**
     * A file-system path; a leading {@code ~} is the user's home, and a relative path is resolved
     * against the folder of the file that set it.
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not a scalar
     */
    Optional<Path> path(String key);

    /**
     * A secret value.
     *
     * @param key the key; not null
     * @return the value, if present
     * @throws ConfigException when not a scalar
     */
    Optional<Secret> secret(String key);

    /**
     * A list of text values; a single scalar counts as a list of one.
     *
     * @param key the key; not null
     * @return the values, empty when absent; never null
     * @throws ConfigException when not a list of scalars
     */
    List<String> stringList(String key);

    /**
     * A nested subtree.
     *
     * @param key the key; not null
     * @return the subtree, if present
     * @throws ConfigException when the value is not a mapping
     */
    Optional<PluginConfig> section(String key);

    /**
     * The raw subtree as plain Java values (maps, lists, strings, numbers, booleans), secrets included
     * as text. For plugins that bind their own configuration.
     *
     * @return the values; never null
     */
    Map<String, Object> asMap();

    /**
     * Where a key's value was written, for error messages.
     *
     * @param key the key; not null
     * @return {@code file:line:column}, or the subtree's location when the key is absent; never null
     */
    String locationOf(String key);

    /**
     * Fails on keys outside the given set.
     *
     * @param allowed the keys allowed besides {@code type}; an empty set allows every key
     * @throws ConfigException naming the first unknown key and where it is
     */
    void checkKeys(Set<String> allowed);

    /**
     * An error about a key, located.
     *
     * @param key     the key; not null
     * @param message what is wrong; not null
     * @return the exception, to throw
     */
    default ConfigException error(String key, String message) {
        return new ConfigException(locationOf(key), path() + "." + key + ": " + message);
    }
}
