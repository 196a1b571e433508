package dev.consort.core.config;

import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link PluginConfig} over a located subtree: every conversion error names the file, line and
 * column of the value. Core binds its own sections through the same view, so every configuration
 * error in Consort reads the same.
 */
public final class LocatedConfig implements PluginConfig {

    private final String path;
    private final ConfigNode.Mapping node;
    private final Path home;

    public LocatedConfig(String path, ConfigNode.Mapping node, Path home) {
        this.path = path;
        this.node = node;
        this.home = home;
    }

    /** An empty section at a path, for absent optional sections. */
    public static LocatedConfig empty(String path, Location where, Path home) {
        return new LocatedConfig(path, ConfigNode.Mapping.empty(where), home);
    }

    /** The underlying tree. */
    public ConfigNode.Mapping node() {
        return node;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        return node.entries().keySet();
    }

    @Override
    public boolean has(String key) {
        return !absent(node.entries().get(key));
    }

    /**
     * Tells whether a value counts as not given: missing, null, or empty. YAML's {@code key:} with nothing
     * after it (a section whose children are all commented out) arrives from the parser as an empty text.
     */
    private static boolean absent(ConfigNode v) {
        return v == null || v instanceof ConfigNode.Scalar s && (s.value() == null || s.value().isEmpty());
    }

    @Override
    public Optional<String> string(String key) {
        return scalar(key).map(ConfigNode.Scalar::value);
    }

    @Override
    public String requireString(String key) {
        return string(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> error(key, "is required"));
    }

    @Override
    public OptionalInt integer(String key) {
        OptionalLong v = longValue(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() > Integer.MAX_VALUE || v.getAsLong() < Integer.MIN_VALUE) {
            throw error(key, "is too large: " + v.getAsLong());
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    @Override
    public OptionalLong longValue(String key) {
        Optional<ConfigNode.Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = s.get().value();
        Long n = text.trim().startsWith("-") ? negative(text) : ConfigValues.size(text);
        if (n == null) {
            throw valueError(key, s.get(), "must be a whole number (suffixes k, M, KiB, MiB allowed), got "
                    + shown(s.get()));
        }
        return OptionalLong.of(n);
    }

    private static Long negative(String text) {
        Long n = ConfigValues.size(text.trim().substring(1));
        return n == null ? null : -n;
    }

    @Override
    public OptionalDouble decimal(String key) {
        Optional<ConfigNode.Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(s.get().value().trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(d);
        } catch (NumberFormatException e) {
            throw valueError(key, s.get(), "must be a number, got " + shown(s.get()));
        }
    }

    @Override
    public Optional<Boolean> bool(String key) {
        Optional<ConfigNode.Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return switch (s.get().value().trim()) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> throw valueError(key, s.get(), "must be true or false, got " + shown(s.get()));
        };
    }

    @Override
    public Optional<Duration> duration(String key) {
        Optional<ConfigNode.Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Duration d = ConfigValues.duration(s.get().value());
        if (d == null) {
            throw valueError(key, s.get(), "must be a duration such as 250ms, 30s, 5m or 1h, got " + shown(s.get()));
        }
        return Optional.of(d);
    }

    @Override
    public Optional<Path> path(String key) {
        return string(key).map(p -> {
            if (p.equals("~") || p.startsWith("~/")) {
                return home.resolve(p.equals("~") ? "" : p.substring(2)).normalize();
            }
            Path given = Path.of(p);
            if (given.isAbsolute()) {
                return given.normalize();
            }
            Location at = node.entries().get(key).location();
            Path file = at.source() != null ? at.source()
                    : at.file().startsWith("~/") ? home.resolve(at.file().substring(2)) : Path.of(at.file());
            Path base = file.isAbsolute() && file.getParent() != null ? file.getParent() : Path.of("").toAbsolutePath();
            return base.resolve(given).normalize();
        });
    }

    @Override
    public Optional<Secret> secret(String key) {
        return string(key).map(Secret::of);
    }

    @Override
    public List<String> stringList(String key) {
        ConfigNode v = node.entries().get(key);
        if (absent(v)) {
            return List.of();
        }
        if (v instanceof ConfigNode.Scalar s) {
            return List.of(s.value());
        }
        if (v instanceof ConfigNode.Sequence q) {
            List<String> out = new ArrayList<>();
            for (ConfigNode item : q.items()) {
                if (!(item instanceof ConfigNode.Scalar s) || s.value() == null) {
                    throw new ConfigException(item.location().toString(),
                            child(key) + ": every item must be a plain value, found " + item.kindName());
                }
                out.add(s.value());
            }
            return out;
        }
        throw new ConfigException(v.location().toString(), child(key) + " must be a list, found " + v.kindName());
    }

    @Override
    public Optional<PluginConfig> section(String key) {
        return mapping(key).map(m -> new LocatedConfig(child(key), m, home));
    }

    /** A nested section as a located view, or an empty one when absent. */
    public LocatedConfig sectionOrEmpty(String key) {
        return mapping(key).map(m -> new LocatedConfig(child(key), m, home))
                .orElseGet(() -> empty(child(key), node.locationOf(key), home));
    }

    /** The keys of a nested section that must be a mapping, located. */
    public Optional<ConfigNode.Mapping> mapping(String key) {
        ConfigNode v = node.entries().get(key);
        if (absent(v)) {
            return Optional.empty();
        }
        if (v instanceof ConfigNode.Mapping m) {
            return Optional.of(m);
        }
        throw new ConfigException(v.location().toString(), child(key) + " must be a mapping, found " + v.kindName());
    }

    @Override
    public Map<String, Object> asMap() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) plain(node);
        return m;
    }

    static Object plain(ConfigNode n) {
        return switch (n) {
            case ConfigNode.Scalar s -> s.value();
            case ConfigNode.Sequence q -> q.items().stream().map(LocatedConfig::plain).toList();
            case ConfigNode.Mapping m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
        };
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public ConfigException error(String key, String message) {
        return new ConfigException(locationOf(key), child(key) + " " + message);
    }

    @Override
    public String locationOf(String key) {
        ConfigNode v = node.entries().get(key);
        return (v != null ? v.location() : node.locationOf(key)).toString();
    }

    /** Where the key itself (not its value) was written. */
    public String keyLocation(String key) {
        return node.locationOf(key).toString();
    }

    @Override
    public void checkKeys(Set<String> allowed) {
        if (allowed.isEmpty()) {
            return;
        }
        for (String key : node.entries().keySet()) {
            if (!key.equals("type") && !allowed.contains(key)) {
                throw new ConfigException(keyLocation(key), "unknown key '" + key + "'" + (path.isEmpty() ? "" : " in " + path)
                        + " (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private Optional<ConfigNode.Scalar> scalar(String key) {
        ConfigNode v = node.entries().get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof ConfigNode.Scalar s) {
            return s.value() == null ? Optional.empty() : Optional.of(s);
        }
        throw new ConfigException(v.location().toString(), child(key) + " must be a plain value, found "
                + v.kindName());
    }

    private ConfigException valueError(String key, ConfigNode.Scalar s, String message) {
        return new ConfigException(s.location().toString(), child(key) + " " + message);
    }

    /** A value as error messages may quote it: {@code 'value'}, or {@code ****} when it came from a secret. */
    public String shownValue(String key) {
        return scalar(key).map(LocatedConfig::shown).orElse("nothing");
    }

    private static String shown(ConfigNode.Scalar s) {
        return s.secret() ? Secret.REDACTED : "'" + s.value() + "'";
    }
}
