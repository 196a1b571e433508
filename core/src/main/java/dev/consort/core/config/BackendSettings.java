package dev.consort.core.config;

import java.util.Objects;

/**
 * One entry of {@code backends:}: its name, its provider type, and its subtree for the provider.
 *
 * @param name     the backend's name
 * @param type     the provider type
 * @param config   the subtree the provider sees
 */
public record BackendSettings(String name, String type, LocatedConfig config) {

    public BackendSettings {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(config, "config is null");
    }
}
