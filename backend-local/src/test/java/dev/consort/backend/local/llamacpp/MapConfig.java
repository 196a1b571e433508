package dev.consort.backend.local.llamacpp;

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

/** A {@code backends.local} subtree held in a map: the engine's configuration, faked. */
record MapConfig(Map<String, Object> values) implements PluginConfig {

    static MapConfig of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new MapConfig(m);
    }

    static PluginContext context(Path dir) {
        return new PluginContext() {
            @Override
            public Path projectDir() {
                return dir;
            }

            @Override
            public Path stateDir() {
                return dir.resolve(".consort");
            }

            @Override
            public Path cacheDir() {
                return dir.resolve("cache");
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }

    @Override
    public String path() {
        return "backends.local";
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
        return string(key).orElseThrow(() -> error(key, "is missing"));
    }

    @Override
    public OptionalInt integer(String key) {
        return values.containsKey(key) ? OptionalInt.of(((Number) values.get(key)).intValue()) : OptionalInt.empty();
    }

    @Override
    public OptionalLong longValue(String key) {
        return values.containsKey(key) ? OptionalLong.of(((Number) values.get(key)).longValue()) : OptionalLong.empty();
    }

    @Override
    public OptionalDouble decimal(String key) {
        return values.containsKey(key) ? OptionalDouble.of(((Number) values.get(key)).doubleValue()) : OptionalDouble.empty();
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return Optional.ofNullable((Boolean) values.get(key));
    }

    @Override
    public Optional<Duration> duration(String key) {
        return Optional.ofNullable((Duration) values.get(key));
    }

    @Override
    public Optional<Path> path(String key) {
        return string(key).map(Path::of);
    }

    @Override
    public Optional<Secret> secret(String key) {
        return Optional.empty();
    }

    @Override
    public List<String> stringList(String key) {
        return List.of();
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
        for (String key : values.keySet()) {
            if (!allowed.isEmpty() && !allowed.contains(key) && !key.equals("type")) {
                throw new ConfigException(locationOf(key), path() + "." + key + ": unknown key");
            }
        }
    }
}
