package dev.consort.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads, merges, resolves and binds the configuration files of {@link ConfigSources}. */
public final class ConfigLoader {

    private ConfigLoader() {
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
