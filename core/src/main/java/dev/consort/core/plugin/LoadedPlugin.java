package dev.consort.core.plugin;

import java.util.List;

/** A plugin (or the boot layer's built-ins) and what it provides. */
public record LoadedPlugin(String name, String source, List<String> modules, String spiVersion,
                           List<String> backendTypes, List<String> tools, List<String> stores, List<String> policies) {

    public LoadedPlugin {
        modules = List.copyOf(modules);
        spiVersion = spiVersion == null ? "" : spiVersion;
        backendTypes = List.copyOf(backendTypes);
        tools = List.copyOf(tools);
        stores = List.copyOf(stores);
        policies = List.copyOf(policies);
    }
}
