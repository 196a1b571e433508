package dev.consort.core.plugin;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.context.ContextStoreProvider;
import dev.consort.spi.routing.RoutingPolicyProvider;
import dev.consort.spi.tool.ToolProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every provider found, by kind and name, with the plugin each came from; and every plugin that
 * failed. The first provider of a name wins; a second is refused with a problem naming both.
 */
public final class ProviderRegistry {

    private final Map<String, BackendProvider> backends = new LinkedHashMap<>();
    private final Map<String, ToolProvider> toolProviders = new LinkedHashMap<>();
    private final Map<String, String> toolOwners = new LinkedHashMap<>();
    private final Map<String, ContextStoreProvider> stores = new LinkedHashMap<>();
    private final Map<String, RoutingPolicyProvider> policies = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final List<LoadProblem> problems = new ArrayList<>();

    synchronized boolean claim(ProviderKind kind, String name, String source) {
        String key = kind.name() + ":" + name;
        String owner = sources.get(key);
        if (owner != null) {
            problems.add(new LoadProblem(source, kind.noun + " '" + name + "' is already provided by " + owner
                    + "; this one is ignored (remove one of the two)"));
            return false;
        }
        sources.put(key, source);
        return true;
    }

    synchronized void addBackend(BackendProvider p) {
        backends.put(p.type(), p);
    }

    synchronized void addTools(ToolProvider p, List<String> names) {
        toolProviders.put(p.type(), p);
        names.forEach(n -> toolOwners.put(n, p.type()));
    }

    synchronized void addStore(ContextStoreProvider p) {
        stores.put(p.type(), p);
    }

    synchronized void addPolicy(RoutingPolicyProvider p) {
        policies.put(p.type(), p);
    }

    synchronized void addPlugin(LoadedPlugin info) {
        plugins.add(info);
    }

    synchronized void addProblem(LoadProblem problem) {
        problems.add(problem);
    }

    public synchronized Optional<BackendProvider> backend(String type) {
        return Optional.ofNullable(backends.get(type));
    }

    public synchronized Optional<ContextStoreProvider> store(String type) {
        return Optional.ofNullable(stores.get(type));
    }

    public synchronized Optional<RoutingPolicyProvider> policy(String type) {
        return Optional.ofNullable(policies.get(type));
    }

    public synchronized List<ToolProvider> toolProviders() {
        return List.copyOf(toolProviders.values());
    }

    public synchronized List<String> backendTypes() {
        return List.copyOf(backends.keySet());
    }

    public synchronized List<String> storeTypes() {
        return List.copyOf(stores.keySet());
    }

    public synchronized List<String> policyTypes() {
        return List.copyOf(policies.keySet());
    }

    /** Where a provider of a kind and name came from. */
    public synchronized Optional<String> sourceOf(String kindName, String name) {
        return Optional.ofNullable(sources.get(kindName + ":" + name));
    }

    public synchronized List<LoadedPlugin> plugins() {
        return List.copyOf(plugins);
    }

    public synchronized List<LoadProblem> problems() {
        return List.copyOf(problems);
    }
}
