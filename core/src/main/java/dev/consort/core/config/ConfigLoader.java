package dev.consort.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads, merges, resolves and binds the configuration files of {@link ConfigSources}. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * The built-in configuration used when no file exists anywhere: one backend, {@code local}, on the
     * embedded engine with the given model file and an 8,192-token window, which every task type routes to.
     */
    public static ConsortConfig builtInDefaults(ConfigSources sources, Path model) {
        Location at = Location.builtIn("built-in defaults");
        ConfigNode.Mapping local = new ConfigNode.Mapping(java.util.Map.of(
                "type", new ConfigNode.Scalar("llamacpp", at, false),
                "model", new ConfigNode.Scalar(model.toString(), at, false),
                // The tiny model trained on 512 positions, but its noise is as good at any length, and the
                // tool schemas of a task or chat turn alone take some 3,000 of its tokens.
                "context_window", new ConfigNode.Scalar("8192", at, false)), java.util.Map.of(), at);
        ConfigNode.Mapping backends = new ConfigNode.Mapping(java.util.Map.of("local", local), java.util.Map.of(), at);
        ConfigNode.Mapping root = new ConfigNode.Mapping(java.util.Map.of("backends", backends), java.util.Map.of(), at);
        return ConsortConfig.bind(root, List.of(), sources.projectDir(), sources.home());
    }

    /** The effective configuration, or a {@link dev.consort.spi.config.ConfigException} naming the place. */
    public static ConsortConfig load(ConfigSources sources) {
        List<String> read = new ArrayList<>();
        ConfigNode.Mapping tree = ConfigNode.Mapping.empty(Location.builtIn("defaults"));
        Optional<Path> global = sources.globalFile();
        if (global.isPresent()) {
            String shown = sources.shown(global.get());
            tree = ConfigMerger.merge(tree, YamlTreeReader.read(global.get(), shown));
            read.add(shown);
        }
        Optional<Path> project = sources.projectFile();
        if (project.isPresent()) {
            String shown = sources.shown(project.get());
            tree = ConfigMerger.merge(tree, YamlTreeReader.read(project.get(), shown));
            read.add(shown);
        }
        ConfigNode.Mapping resolved = new Interpolator(sources.environment(), sources.credentials()).resolve(tree);
        return ConsortConfig.bind(resolved, read, sources.projectDir(), sources.home());
    }
}
