package dev.consort.spi.testkit;

import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.config.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A {@link PluginConfig} over plain values, for testing a provider without Consort's configuration
 * loader: {@code MapPluginConfig.at("backends.fast", "model", "gpt-4.1-mini", "read_timeout", "300ms")}.
 * Durations and sizes accept the same forms as the real loader's. Immutable.
 *
 * @since 1.0
 */
public final class MapPluginConfig implements PluginConfig {

    private final String path;
    private final Map<String, Object> values;

    private MapPluginConfig(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /**
     * A configuration subtree at a path, from alternating keys and values.
     *
     * @param path          the subtree's path, as error messages name it
     * @param keysAndValues key, value, key, value...
     * @return the configuration
     */
    public static MapPluginConfig at(String path, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new MapPluginConfig(path, m);
    }

    /**
     * A configuration subtree at a path, from a map (values as YAML would give them: strings, numbers,
     * booleans, lists, maps).
     *
     * @param path   the subtree's path, as error messages name it
     * @param values the keys and values
     * @return the configuration
     */
    public static MapPluginConfig of(String path, Map<String, ?> values) {
        return new MapPluginConfig(path, new LinkedHashMap<>(values));
    }

    /**
     * A plugin context on the working directory, with the system clock.
     *
     * @return the context
     */
    public static PluginContext context() {
        return context(Path.of(".").toAbsolutePath());
    }

    /**
     * A plugin context on a project folder ({@code .consort} and {@code cache} inside it), with the
     * system clock.
     *
     * @param projectDir the project folder
     * @return the context
     */
    public static PluginContext context(Path projectDir) {
        return new PluginContext() {
            @Override
            public Path projectDir() {
                return projectDir;
            }

            @Override
            public Path stateDir() {
                return projectDir.resolve(".consort");
            }

            @Override
            public Path cacheDir() {
                return projectDir.resolve("target/cache");
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) {
        return Optional.ofNullable(values.get(key)).map(String::valueOf);
    }

    @Override
    public String requireString(String key) {
        return string(key).orElseThrow(() -> error(key, "is required"));
    }

    @Override
    public OptionalInt integer(String key) {
        OptionalLong v = longValue(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() > Integer.MAX_VALUE || v.getAsLong() < Integer.MIN_VALUE) {
            throw error(key, "is too large");
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    @Override
    public OptionalLong longValue(String key) {
        Object v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof Number n) {
            return OptionalLong.of(n.longValue());
        }
        Long size = ValueForms.size(v.toString());
        if (size == null) {
            throw error(key, "must be a whole number (suffixes k, M, KiB, MiB allowed), got '" + v + "'");
        }
        return OptionalLong.of(size);
    }

    @Override
    public OptionalDouble decimal(String key) {
        Object v = values.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v.toString()));
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return string(key).map(Boolean::parseBoolean);
    }

    @Override
    public Optional<Duration> duration(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Duration d) {
            return Optional.of(d);
        }
        Duration d = ValueForms.duration(v.toString());
        if (d == null) {
            throw error(key, "must be a duration such as 250ms, 30s, 5m or 1h, got '" + v + "'");
        }
        return Optional.of(d);
    }

    @Override
    public Optional<Path> path(String key) {
        return string(key).map(Path::of);
    }

    @Override
    public Optional<Secret> secret(String key) {
        return string(key).map(Secret::of);
    }

    @Override
    public List<String> stringList(String key) {
        return string(key).map(List::of).orElse(List.of());
    }

    @Override
    public Optional<PluginConfig> section(String key) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> asMap() {
        return Map.copyOf(values);
    }

    @Override
    public String locationOf(String key) {
        return "consort.yaml:1:1";
    }

    @Override
    public void checkKeys(Set<String> allowed) {
        for (String k : values.keySet()) {
            if (!allowed.isEmpty() && !allowed.contains(k)) {
                throw new ConfigException(locationOf(k), path() + ": unknown key '" + k + "'");
            }
        }
    }
}
