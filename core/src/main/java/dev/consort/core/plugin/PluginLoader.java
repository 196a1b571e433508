package dev.consort.core.plugin;

import dev.consort.spi.Spi;
import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.context.ContextStoreProvider;
import dev.consort.spi.routing.RoutingPolicyProvider;
import dev.consort.spi.tool.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the boot layer's providers and every plugin of a folder: each jar, or each sub-folder of jars,
 * becomes its own child {@link ModuleLayer} of the boot layer, so plugins with different versions of
 * one library do not clash. A broken plugin is reported in one line naming it and the others load.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final String SPI_MODULE = "dev.consort.spi";

    private PluginLoader() {
    }

    /**
     * Loads the built-in providers and the plugins of {@code pluginsDir} (which may be null or absent).
     *
     * @param pluginsDir the plugins folder
     * @param shownDir   how messages name that folder
     */
    public static ProviderRegistry load(Path pluginsDir, String shownDir) {
        ProviderRegistry registry = new ProviderRegistry();
        loadBuiltIns(registry);
        if (pluginsDir == null || !Files.isDirectory(pluginsDir)) {
            return registry;
        }
        ModuleLayer parent = PluginLoader.class.getModule().getLayer();
        if (parent == null) {
            registry.addProblem(new LoadProblem(shownDir, "plugins need Consort on the module path; skipped"));
            return registry;
        }
        for (Path entry : entries(pluginsDir, registry, shownDir)) {
            String shown = shownDir + "/" + entry.getFileName() + (Files.isDirectory(entry) ? "/" : "");
            loadPlugin(entry, shown, parent, registry);
        }
        return registry;
    }

    private static List<Path> entries(Path dir, ProviderRegistry registry, String shownDir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException e) {
            registry.addProblem(new LoadProblem(shownDir, "cannot list the plugins folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static void loadBuiltIns(ProviderRegistry registry) {
        Module self = PluginLoader.class.getModule();
        List<String> backends = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        for (ProviderKind kind : ProviderKind.values()) {
            ServiceLoader<?> loader = self.isNamed()
                    ? ServiceLoader.load(ModuleLayer.boot(), kind.service)
                    : ServiceLoader.load(kind.service, PluginLoader.class.getClassLoader());
            for (ServiceLoader.Provider<?> p : loader.stream().toList()) {
                if (self.isNamed() && p.type().getModule().getLayer() != ModuleLayer.boot()) {
                    continue;
                }
                register(kind, p, "built-in (" + moduleName(p.type()) + ")", registry, backends, tools, stores, policies);
            }
        }
        registry.addPlugin(new LoadedPlugin("builtin", "lib/", List.of(), Spi.VERSION, backends, tools, stores, policies));
    }

    private static void loadPlugin(Path entry, String shown, ModuleLayer parent, ProviderRegistry registry) {
        List<Path> jars = jarsOf(entry);
        if (jars.isEmpty()) {
            registry.addProblem(new LoadProblem(shown, "no .jar files in this plugin folder; skipped"));
            return;
        }
        try {
            ModuleFinder all = ModuleFinder.of(jars.toArray(Path[]::new));
            Set<ModuleReference> refs = all.findAll();
            List<ModuleReference> own = refs.stream().filter(r -> !r.descriptor().name().equals(SPI_MODULE)).toList();
            Optional<String> spiRefusal = spiRefusal(own);
            if (spiRefusal.isPresent()) {
                registry.addProblem(new LoadProblem(shown, spiRefusal.get()));
                return;
            }
            ModuleFinder finder = filtered(all, SPI_MODULE);
            Set<String> roots = own.stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
            Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(cf, List.of(parent),
                    ClassLoader.getSystemClassLoader());
            ModuleLayer layer = controller.layer();
            NativeAccess.grant(controller, layer);
            registerLayer(entry, shown, layer, own, registry);
        } catch (FindException e) {
            registry.addProblem(new LoadProblem(shown, "cannot read the plugin: " + rootMessage(e)
                    + " (is the jar complete and valid?); skipped"));
        } catch (ResolutionException e) {
            registry.addProblem(new LoadProblem(shown, "cannot resolve the plugin: " + rootMessage(e)
                    + " (add the missing module's jar to the plugin's folder); skipped"));
        } catch (LayerInstantiationException | SecurityException e) {
            registry.addProblem(new LoadProblem(shown, "cannot load the plugin: " + rootMessage(e) + "; skipped"));
        }
    }

    private static void registerLayer(Path entry, String shown, ModuleLayer layer, List<ModuleReference> own,
                                      ProviderRegistry registry) {
        List<String> backends = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        for (ProviderKind kind : ProviderKind.values()) {
            List<? extends ServiceLoader.Provider<?>> found;
            try {
                found = ServiceLoader.load(layer, kind.service).stream()
                        .filter(p -> p.type().getModule().getLayer() == layer).toList();
            } catch (ServiceConfigurationError e) {
                registry.addProblem(new LoadProblem(shown, "bad provider declaration: " + rootMessage(e)));
                continue;
            }
            for (ServiceLoader.Provider<?> p : found) {
                register(kind, p, shown, registry, backends, tools, stores, policies);
            }
        }
        String spi = own.stream().map(PluginLoader::declaredSpi).flatMap(Optional::stream).findFirst().orElse("");
        List<String> modules = own.stream()
                .map(r -> r.descriptor().name() + r.descriptor().rawVersion().map(v -> "@" + v).orElse(""))
                .sorted().toList();
        registry.addPlugin(new LoadedPlugin(entry.getFileName().toString(), shown, modules, spi, backends, tools,
                stores, policies));
        LOG.debug("loaded plugin {} with modules {}", shown, modules);
    }

    private static void register(ProviderKind kind, ServiceLoader.Provider<?> p, String source, ProviderRegistry registry,
                                 List<String> backends, List<String> tools, List<String> stores, List<String> policies) {
        Object provider;
        String name;
        try {
            provider = p.get();
            name = switch (provider) {
                case BackendProvider b -> b.type();
                case ToolProvider t -> t.type();
                case ContextStoreProvider s -> s.type();
                case RoutingPolicyProvider r -> r.type();
                default -> throw new IllegalStateException("unexpected provider " + provider.getClass().getName());
            };
            if (name == null || name.isBlank()) {
                registry.addProblem(new LoadProblem(source, p.type().getName() + " declares no type name; ignored"));
                return;
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            registry.addProblem(new LoadProblem(source, "provider " + p.type().getName() + " failed to start: "
                    + rootMessage(e) + "; ignored"));
            return;
        }
        switch (provider) {
            case BackendProvider b -> {
                if (registry.claim(kind, name, source)) {
                    registry.addBackend(b);
                    backends.add(name);
                }
            }
            case ToolProvider t -> {
                List<String> names = new ArrayList<>();
                for (String tool : new TreeSet<>(t.toolNames())) {
                    if (registry.claim(kind, tool, source)) {
                        names.add(tool);
                    }
                }
                registry.addTools(t, names);
                tools.addAll(names);
            }
            case ContextStoreProvider s -> {
                if (registry.claim(kind, name, source)) {
                    registry.addStore(s);
                    stores.add(name);
                }
            }
            case RoutingPolicyProvider r -> {
                if (registry.claim(kind, name, source)) {
                    registry.addPolicy(r);
                    policies.add(name);
                }
            }
            default -> {
            }
        }
    }

    private static List<Path> jarsOf(Path entry) {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(entry, "*.jar")) {
            ds.forEach(jars::add);
        } catch (IOException e) {
            return List.of();
        }
        jars.sort(null);
        return jars;
    }

    private static Optional<String> spiRefusal(List<ModuleReference> refs) {
        for (ModuleReference r : refs) {
            Optional<String> declared = declaredSpi(r);
            if (declared.isEmpty()) {
                continue;
            }
            try {
                if (!Spi.isCompatible(declared.get())) {
                    return Optional.of("built for Consort SPI " + declared.get() + ", but this Consort has SPI "
                            + Spi.VERSION + " (major versions must match); rebuild the plugin against SPI "
                            + Spi.MAJOR + ".x; skipped");
                }
            } catch (IllegalArgumentException e) {
                return Optional.of("its manifest's " + Spi.MANIFEST_ATTRIBUTE + " '" + declared.get()
                        + "' is not major.minor; skipped");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> declaredSpi(ModuleReference ref) {
        try (ModuleReader reader = ref.open()) {
            Optional<InputStream> in = reader.open("META-INF/MANIFEST.MF");
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream s = in.get()) {
                return Optional.ofNullable(new Manifest(s).getMainAttributes().getValue(Spi.MANIFEST_ATTRIBUTE));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ModuleFinder filtered(ModuleFinder finder, String excluded) {
        return new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(excluded) ? Optional.empty() : finder.find(name);
            }

            @Override
            public Set<ModuleReference> findAll() {
                return finder.findAll().stream().filter(r -> !r.descriptor().name().equals(excluded))
                        .collect(Collectors.toSet());
            }
        };
    }

    private static String moduleName(Class<?> type) {
        Module m = type.getModule();
        return m.isNamed() ? m.getName() : "class path";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String top = e.getMessage();
        if (t != e && top != null && !top.equals(msg) && !(e instanceof ServiceConfigurationError)) {
            msg = top + ": " + msg;
        }
        return msg.replaceAll("\\s+", " ").trim();
    }
}
