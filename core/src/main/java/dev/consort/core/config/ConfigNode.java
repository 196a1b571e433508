package dev.consort.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A configuration tree node that remembers where it was written. Immutable once built. */
public sealed interface ConfigNode {

    /** Where the node's value starts. */
    Location location();

    /** What kind of node this is, for error messages. */
    String kindName();

    /**
     * A scalar. {@code secret} marks a value that came from a secret source (a credentials file or an
     * environment variable whose name looks secret) and must be masked wherever it is shown.
     */
    record Scalar(String value, Location location, boolean secret) implements ConfigNode {
        public Scalar {
            Objects.requireNonNull(location, "location is null");
        }

        @Override
        public String kindName() {
            return value == null ? "nothing" : "a value";
        }
    }

    /** A sequence. */
    record Sequence(List<ConfigNode> items, Location location) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A mapping, in file order, with the location of each key. */
    record Mapping(Map<String, ConfigNode> entries, Map<String, Location> keyLocations, Location location)
            implements ConfigNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Map.copyOf(keyLocations);
        }

        /** An empty mapping at a location. */
        public static Mapping empty(Location location) {
            return new Mapping(Map.of(), Map.of(), location);
        }

        /** Where a key was written, or where the mapping is when the key is absent. */
        public Location locationOf(String key) {
            return keyLocations.getOrDefault(key, location);
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }
}
