package dev.consort.core.api;

import java.util.List;

/**
 * What loading the plugins found.
 *
 * @param plugins  the built-in providers first, then each plugin that loaded
 * @param problems plugins or providers that were refused, one line each
 */
public record PluginReport(List<PluginInfo> plugins, List<PluginProblem> problems) {

    public PluginReport {
        plugins = List.copyOf(plugins);
        problems = List.copyOf(problems);
    }
}
