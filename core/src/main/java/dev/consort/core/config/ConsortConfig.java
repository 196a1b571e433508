package dev.consort.core.config;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective configuration: the global file, then the project file laid over it, references
 * resolved, and every core section bound onto validated records. Backend, tool and store subtrees
 * stay as located views for their providers, which validate them.
 *
 * @param backends   backends by name, in file order
 * @param routing    routing settings
 * @param budgets    budgets
 * @param tools      tool settings
 * @param personas   configured personas by backend
 * @param context    the {@code context} subtree ({@code store} and the store's own keys)
 * @param pricing    the {@code pricing} subtree: model prices overriding the shipped table
 * @param summaries  which backend summarizes dropped turns and files, if any
 * @param tasks      the defaults and limits of queued tasks and the tool loop
 * @param gateway    the {@code gateway} section, for {@code consort serve}
 * @param tree       the merged tree, for {@code config show}
 * @param sources    the files read, as shown to users
 * @param projectDir the project folder
 */
public record ConsortConfig(Map<String, BackendSettings> backends, RoutingSettings routing, BudgetSettings budgets,
                            ToolSettings tools, Map<String, Persona> personas, LocatedConfig context,
                            LocatedConfig pricing, SummarySettings summaries, TaskSettings tasks,
                            dev.consort.core.api.GatewaySettings gateway, ConfigNode.Mapping tree, List<String> sources,
                            Path projectDir) {

    /** The top-level keys. */
    public static final Set<String> KEYS = Set.of("backends", "routing", "budgets", "tools", "personas", "context",
            "pricing", "summaries", "tasks", "gateway");

    public ConsortConfig {
        backends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        personas = Map.copyOf(personas);
        sources = List.copyOf(sources);
    }

    /** The context store type ({@code memory} unless configured). */
    public String storeType() {
        return context.string("store").orElse("memory");
    }

    /** Binds a merged, resolved tree. */
    public static ConsortConfig bind(ConfigNode.Mapping tree, List<String> sources, Path projectDir, Path home) {
        LocatedConfig root = new LocatedConfig("", tree, home);
        root.checkKeys(KEYS);
        Map<String, BackendSettings> backends = new LinkedHashMap<>();
        LocatedConfig b = root.sectionOrEmpty("backends");
        for (String name : b.keys()) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw new ConfigException(b.keyLocation(name), "backend name '" + name
                        + "' must start with a letter and use letters, digits, '-' and '_' only");
            }
            ConfigNode.Mapping m = b.mapping(name).orElseThrow(() -> new ConfigException(b.keyLocation(name),
                    "backends." + name + " must be a mapping with at least a type"));
            LocatedConfig c = new LocatedConfig("backends." + name, m, home);
            String type = c.string("type").orElseThrow(() -> new ConfigException(b.keyLocation(name),
                    "backends." + name + ": 'type' is required (for example type: openai)"));
            backends.put(name, new BackendSettings(name, type, c));
        }
        Set<String> names = backends.keySet();
        RoutingSettings routing = RoutingSettings.from(root.sectionOrEmpty("routing"), names);
        return new ConsortConfig(backends, routing,
                BudgetSettings.from(root.sectionOrEmpty("budgets"), names),
                ToolSettings.from(root.sectionOrEmpty("tools")),
                PersonaSettings.from(root.sectionOrEmpty("personas"), names),
                root.sectionOrEmpty("context"), root.sectionOrEmpty("pricing"),
                SummarySettings.from(root.sectionOrEmpty("summaries"), names),
                TaskSettings.from(root.sectionOrEmpty("tasks")),
                GatewaySection.from(root.sectionOrEmpty("gateway"), names, routing.rules().keySet()), tree, sources,
                projectDir);
    }
}
