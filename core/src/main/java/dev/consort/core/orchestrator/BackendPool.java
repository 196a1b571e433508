package dev.consort.core.orchestrator;

import dev.consort.core.config.BackendSettings;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The configured backends, each created on first use and shared after. Thread-safe. */
public final class BackendPool implements AutoCloseable {

    private final Map<String, BackendSettings> settings;
    private final ProviderRegistry registry;
    private final PluginContext context;
    private final Map<String, LLMBackend> created = new ConcurrentHashMap<>();
    private final List<String> registered = new CopyOnWriteArrayList<>();

    public BackendPool(Map<String, BackendSettings> settings, ProviderRegistry registry, PluginContext context) {
        this.settings = new LinkedHashMap<>(settings);
        this.registry = registry;
        this.context = context;
    }

    /** Adds a backend made elsewhere (an embedding application, a test). */
    public void register(LLMBackend backend) {
        if (created.put(backend.name(), backend) == null && !settings.containsKey(backend.name())) {
            registered.add(backend.name());
        }
    }

    /** The names, in configuration order, then any registered directly. */
    public List<String> names() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(settings.keySet());
        // Registration order, not the created map's hash order: routing without rules follows it.
        out.addAll(registered);
        return List.copyOf(out);
    }

    public boolean has(String name) {
        return settings.containsKey(name) || created.containsKey(name);
    }

    /** The provider type of a backend, without creating it. */
    public String type(String name) {
        BackendSettings s = settings.get(name);
        return s != null ? s.type() : get(name).type();
    }

    /** The backend of that name, created now if needed. */
    public LLMBackend get(String name) {
        LLMBackend b = created.get(name);
        if (b != null) {
            return b;
        }
        return created.computeIfAbsent(name, n -> {
            BackendSettings s = settings.get(n);
            if (s == null) {
                throw new IllegalArgumentException("no backend named '" + n + "' (configured: "
                        + String.join(", ", names()) + ")");
            }
            return registry.backend(s.type())
                    .orElseThrow(() -> new ConfigException(s.config().locationOf("type"), "backends." + n
                            + ": unknown backend type '" + s.type() + "'"))
                    .create(n, s.config(), context);
        });
    }

    /** The backend, if created already. */
    public Optional<LLMBackend> ifCreated(String name) {
        return Optional.ofNullable(created.get(name));
    }

    @Override
    public void close() {
        created.values().forEach(LLMBackend::close);
        created.clear();
    }
}
