package dev.consort.core.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.core.config.LocatedConfig;
import dev.consort.spi.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices and context windows per model: the table shipped as a resource (derived from a public data
 * set by {@code scripts/derive-model-table.py}), overridden by the {@code pricing} section of the
 * configuration, keyed by backend name or by model name (the backend's entry wins).
 */
public final class ModelTable {

    private static final Map<String, JsonNode> SHIPPED = loadShipped();

    private final Map<String, Price> overrides;
    /** Shipped prices by model name as asked for, parsed once (a process asks for a few models). */
    private final Map<String, Optional<Price>> shippedPrices = new ConcurrentHashMap<>();

    private ModelTable(Map<String, Price> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** The shipped table with the configured overrides. */
    public static ModelTable of(LocatedConfig pricing) {
        Map<String, Price> overrides = new HashMap<>();
        for (String key : pricing.keys()) {
            LocatedConfig p = pricing.sectionOrEmpty(key);
            p.checkKeys(Set.of("input", "output", "cached_input", "cache_write"));
            overrides.put(key, new Price(money(p, "input", true), money(p, "output", true),
                    money(p, "cached_input", false), money(p, "cache_write", false)));
        }
        return new ModelTable(overrides);
    }

    private static BigDecimal money(LocatedConfig p, String key, boolean required) {
        Optional<String> v = required ? Optional.of(p.requireString(key)) : p.string(key);
        if (v.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v.get().trim());
            if (d.signum() < 0) {
                throw p.error(key, "must not be negative");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(p.locationOf(key), p.path() + "." + key
                    + " must be dollars per million tokens, such as 2.50");
        }
    }

    /** The price of a backend's model: configured for the backend, else for the model, else shipped. */
    public Optional<Price> price(String backend, String model) {
        Price p = overrides.get(backend);
        if (p == null) {
            p = overrides.get(model);
        }
        if (p != null) {
            return Optional.of(p);
        }
        return shippedPrices.computeIfAbsent(model, ModelTable::shippedPrice);
    }

    private static Optional<Price> shippedPrice(String model) {
        return shipped(model).filter(n -> n.has("input") && n.has("output")).map(n -> new Price(
                new BigDecimal(n.get("input").asText()), new BigDecimal(n.get("output").asText()),
                n.has("cached_input") ? new BigDecimal(n.get("cached_input").asText()) : null,
                n.has("cache_write") ? new BigDecimal(n.get("cache_write").asText()) : null));
    }

    /** The context window the shipped table knows for a model. */
    public static OptionalInt contextWindow(String model) {
        return shipped(model).filter(n -> n.has("context_window"))
                .map(n -> OptionalInt.of(n.get("context_window").asInt())).orElse(OptionalInt.empty());
    }

    private static Optional<JsonNode> shipped(String model) {
        JsonNode n = SHIPPED.get(model);
        if (n == null && model.contains("/")) {
            n = SHIPPED.get(model.substring(model.lastIndexOf('/') + 1));
        }
        return Optional.ofNullable(n);
    }

    private static Map<String, JsonNode> loadShipped() {
        try (InputStream in = ModelTable.class.getResourceAsStream("models.json")) {
            if (in == null) {
                throw new IllegalStateException("models.json is missing from the core jar");
            }
            Map<String, JsonNode> out = new HashMap<>();
            new ObjectMapper().readTree(in).get("models").properties().forEach(e -> out.put(e.getKey(), e.getValue()));
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
