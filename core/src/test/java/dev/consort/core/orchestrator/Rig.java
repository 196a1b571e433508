package dev.consort.core.orchestrator;

import dev.consort.core.api.Consort;
import dev.consort.core.api.Orchestrator;
import dev.consort.core.api.UsageTracker;
import dev.consort.core.config.ConfigLoader;
import dev.consort.core.config.ConfigSources;
import dev.consort.core.config.ConfigValidator;
import dev.consort.core.config.ConsortConfig;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.core.plugin.TestRegistries;
import dev.consort.core.usage.MutableClock;
import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.context.ContextStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Consort on a temporary project and home, a standing clock and a sleeper that only records.
 *
 * <p>Backends given with {@link Builder#backend} are added through {@code Consort.builder().backend(..)}:
 * the real builder wires everything. Backends given with {@link Builder#configured} are declared in
 * {@code consort.yaml} as {@code type: scripted}. No backend provider may sit on this module's test
 * class path (other tests assert that none is there, and plugin folders need the module path), so such
 * a rig loads and validates the configuration against a registry that also holds the scripted
 * provider, then hands it to Consort's own constructor: all the wiring after that is Consort's.
 */
public final class Rig implements AutoCloseable {

    public static final String SESSION = "test-session";

    public final Path work;
    public final Path home;
    public final Path dataHome;
    public final MutableClock clock = MutableClock.at("2025-03-14T10:00:00Z");
    public final RecordingSleeper sleeper = new RecordingSleeper();

    private Consort consort;

    private Rig(Path tmp) {
        this.work = tmp.resolve("project");
        this.home = tmp.resolve("home");
        this.dataHome = tmp.resolve("xdg-data");
        try {
            Files.createDirectories(work);
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder in(Path tmp) {
        return new Builder(tmp);
    }

    public Consort consort() {
        return consort;
    }

    public Orchestrator orchestrator() {
        return consort.orchestrator();
    }

    public Engine engine() {
        return (Engine) orchestrator();
    }

    public UsageTracker usage() {
        return consort.usage();
    }

    public ContextStore store() {
        return consort.contextStore();
    }

    public Path lifetimeLedger() {
        return dataHome.resolve("consort/usage.jsonl");
    }

    @Override
    public void close() {
        consort.close();
    }

    /** Builds a rig. */
    public static final class Builder {
        private final Path tmp;
        private String yaml = "";
        private RandomGenerator random = new SplittableRandom(7);
        private final List<ScriptedBackend> extra = new java.util.ArrayList<>();
        private final Map<String, ScriptedBackend> configured = new LinkedHashMap<>();

        private Builder(Path tmp) {
            this.tmp = tmp;
        }

        public Builder yaml(String text) {
            this.yaml = text;
            return this;
        }

        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        /** Backends added through the builder, routed in this order after any configured ones. */
        public Builder backend(ScriptedBackend... backends) {
            extra.addAll(List.of(backends));
            return this;
        }

        /** Backends the yaml declares with {@code type: scripted}. */
        public Builder configured(ScriptedBackend... backends) {
            for (ScriptedBackend b : backends) {
                configured.put(b.name(), b);
            }
            return this;
        }

        public Rig build() {
            Rig rig = new Rig(tmp);
            try {
                Files.writeString(rig.work.resolve("consort.yaml"), yaml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> env = new HashMap<>();
            env.put("XDG_DATA_HOME", rig.dataHome.toString());
            Consort.Builder b = Consort.builder().workingDir(rig.work).home(rig.home).environment(env)
                    .clock(rig.clock).sleeper(rig.sleeper).random(random).sessionId(SESSION);
            extra.forEach(b::backend);
            rig.consort = configured.isEmpty() ? b.build() : withScriptedProvider(b, rig, env);
            return rig;
        }

        /**
         * What {@code Consort.Builder.build()} does (load, validate), with the scripted provider in the
         * registry; the instance itself is made by Consort's own constructor, so everything after it is
         * Consort's real wiring.
         */
        private Consort withScriptedProvider(Consort.Builder options, Rig rig, Map<String, String> env) {
            ConfigSources sources = new ConfigSources(rig.work, null, rig.home, env::get);
            ProviderRegistry registry = TestRegistries.withBackends(new ScriptedProvider(configured));
            ConsortConfig config = ConfigLoader.load(sources);
            ConfigValidator.validate(config, registry);
            try {
                Constructor<Consort> c = Consort.class.getDeclaredConstructor(ConsortConfig.class,
                        ProviderRegistry.class, ConfigSources.class, Consort.Builder.class, boolean.class);
                c.setAccessible(true);
                return c.newInstance(config, registry, sources, options, false);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Consort's constructor changed; update Rig", e);
            }
        }
    }

    /** Type {@code scripted}: hands out the rig's backends by their configured name. */
    static final class ScriptedProvider implements BackendProvider {
        private final Map<String, ScriptedBackend> backends;

        ScriptedProvider(Map<String, ScriptedBackend> backends) {
            this.backends = Map.copyOf(backends);
        }

        @Override
        public String type() {
            return "scripted";
        }

        @Override
        public LLMBackend create(String name, PluginConfig config, PluginContext context) {
            ScriptedBackend b = backends.get(name);
            if (b == null) {
                throw new ConfigException(config.locationOf("type"), "backends." + name + ": the test scripted no "
                        + "backend of that name");
            }
            return b;
        }
    }
}
