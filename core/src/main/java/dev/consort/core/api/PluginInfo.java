package dev.consort.core.api;

import java.util.List;
import java.util.Objects;

/**
 * A loaded plugin, or the built-in providers of the boot layer, as {@code consort plugins} shows it.
 *
 * @param name          the plugin's folder or jar name ({@code builtin} for the boot layer)
 * @param source        where it was loaded from, as shown to users
 * @param modules       its module names with versions ({@code dev.consort.backend.fast@0.1.0})
 * @param spiVersion    the SPI version its manifest declares, or empty
 * @param backendTypes  backend types it provides
 * @param tools         tool names it provides
 * @param stores        context store types it provides
 * @param policies      routing policy types it provides
 */
public record PluginInfo(String name, String source, List<String> modules, String spiVersion,
                         List<String> backendTypes, List<String> tools, List<String> stores, List<String> policies) {

    public PluginInfo {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(source, "source is null");
        modules = List.copyOf(modules);
        spiVersion = spiVersion == null ? "" : spiVersion;
        backendTypes = List.copyOf(backendTypes);
        tools = List.copyOf(tools);
        stores = List.copyOf(stores);
        policies = List.copyOf(policies);
    }
}
