package dev.consort.core.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lays one configuration tree over another: mappings merge key by key, anything else is replaced. */
public final class ConfigMerger {

    private ConfigMerger() {
    }

    public static ConfigNode.Mapping merge(ConfigNode.Mapping base, ConfigNode.Mapping over) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>(base.entries());
        Map<String, Location> keys = new HashMap<>(base.keyLocations());
        over.entries().forEach((k, v) -> {
            ConfigNode old = entries.get(k);
            if (old instanceof ConfigNode.Mapping om && v instanceof ConfigNode.Mapping nm) {
                entries.put(k, merge(om, nm));
            } else {
                entries.put(k, v);
            }
            keys.put(k, over.locationOf(k));
        });
        return new ConfigNode.Mapping(entries, keys, over.location());
    }
}
