package dev.consort.context.sql;

import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fake {@link PluginConfig} over a map, standing in for core's YAML-backed one. */
public final class MapPluginConfig implements PluginConfig {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private final String path;
    private final Map<String, Object> values;

    /**
     * A config subtree.
     *
     * @param path   its path ({@code context})
     * @param values its keys and values
     */
    public MapPluginConfig(String path, Map<String, ?> values) {
        this.path = path;
        this.values = new LinkedHashMap<>(values);
    }

    /**
     * The {@code context} subtree of a store of type sqlite at a file.
     *
     * @param file the database
     * @return the config
     */
    public static MapPluginConfig sqliteAt(Path file) {
        return new MapPluginConfig("context", Map.of("store", "sqlite", "path", file.toString()));
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
        return string(key).orElseThrow(() -> error(key, "is missing"));
    }

    @Override
    public OptionalInt integer(String key) {
        return string(key).map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
    }

    @Override
    public OptionalLong longValue(String key) {
        return string(key).map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    }

    @Override
    public OptionalDouble decimal(String key) {
        return string(key).map(v -> OptionalDouble.of(Double.parseDouble(v))).orElse(OptionalDouble.empty());
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return string(key).map(Boolean::parseBoolean);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return string(key).map(v -> {
            Matcher m = DURATION.matcher(v.strip());
            if (!m.matches()) {
                throw error(key, "is not a duration: " + v);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        });
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
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(v));
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
                throw new ConfigException(locationOf(key), path + "." + key + ": unknown key");
            }
        }
    }
}
