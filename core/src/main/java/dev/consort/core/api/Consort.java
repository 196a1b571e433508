package dev.consort.core.api;

import dev.consort.core.config.ConfigLoader;
import dev.consort.core.config.ConfigSources;
import dev.consort.core.config.ConsortConfig;
import dev.consort.core.config.EffectiveConfigWriter;
import dev.consort.core.config.ConfigValidator;
import dev.consort.core.plugin.PluginLoader;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.spi.config.ConfigException;
import dev.consort.core.orchestrator.BackendPool;
import dev.consort.core.tools.AuditLog;
import dev.consort.core.tools.DefaultToolRunner;
import dev.consort.core.tools.ToolRules;
import dev.consort.core.orchestrator.Engine;
import dev.consort.core.orchestrator.EngineContext;
import dev.consort.core.usage.BudgetLedger;
import dev.consort.core.usage.ModelTable;
import dev.consort.core.usage.UsageLedger;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.FileSummary;
import dev.consort.spi.routing.RoutingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Consort assembled from its configuration and plugins: the one object an application (or the CLI, or
 * the gateway) holds. Build it with {@link #builder()}.
 *
 * <p>Thread-safe. Close it to release backends and the context store.
 */
public final class Consort implements AutoCloseable {

    private final ConsortConfig config;
    private final ProviderRegistry registry;
    private final ConfigSources sources;
    private final Builder options;
    private Runtime runtime;
    private DefaultToolRunner tools;
    private ToolLoop toolLoop;
    private int users = 1;
    private TaskQueue tasks;

    private static final long TINY_MODEL_SEED = 42;

    private final boolean builtInDefaults;

    private Consort(ConsortConfig config, ProviderRegistry registry, ConfigSources sources, Builder options,
                    boolean builtInDefaults) {
        this.builtInDefaults = builtInDefaults;
        this.config = config;
        this.registry = registry;
        this.sources = sources;
        this.options = options;
    }

    /** The parts made on first use: the store, the backends, the orchestrator. */
    private record Runtime(ContextStore store, Engine engine, UsageLedger usage) {
    }

    private synchronized Runtime runtime() {
        if (runtime == null) {
            Path state = config.projectDir().resolve(".consort");
            EngineContext context = new EngineContext(config.projectDir(), state, sources.userCacheDir(), options.clock);
            if (builtInDefaults && !Files.exists(tinyModel())) {
                TinyModel.write(tinyModel(), TINY_MODEL_SEED);
            }
            ContextStore store = registry.store(ConfigValidator.effectiveStore(config, registry)).orElseThrow()
                    .open(config.context(), context);
            try {
                RoutingPolicy policy = registry.policy(config.routing().policy()).orElseThrow()
                        .create(config.routing().section(), context);
                BackendPool pool = new BackendPool(config.backends(), registry, context);
                options.extraBackends.forEach(pool::register);
                ModelTable prices = ModelTable.of(config.pricing());
                BudgetLedger budgets = new BudgetLedger(config.budgets(), store, options.clock);
                UsageLedger usage = new UsageLedger(store, prices, budgets, options.sessionId,
                        sources.userDataDir().resolve("usage.jsonl"), config.projectDir().toString(), options.clock);
                Engine engine = new Engine(new Engine.Parts(pool, config.personas(), store, policy, usage, budgets,
                        prices, config.routing(), options.clock, options.sleeper, options.random, options.sessionId,
                        config.summaries(), config.projectDir()));
                runtime = new Runtime(store, engine, usage);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return runtime;
    }

    /**
     * The orchestrator: routing, retries, fallback, personas, shaping, validation, usage.
     *
     * @return the orchestrator; never null
     */
    public Orchestrator orchestrator() {
        return runtime().engine();
    }

    /**
     * The tool runner: permissions, sandbox, limits, audit.
     *
     * @return the runner; never null
     */
    public synchronized ToolRunner toolRunner() {
        if (tools == null) {
            EngineContext context = new EngineContext(config.projectDir(), config.projectDir().resolve(".consort"),
                    sources.userCacheDir(), options.clock);
            tools = new DefaultToolRunner(config.tools(), registry, context, options.environment,
                    new AuditLog(auditLog()), options.clock);
        }
        return tools;
    }

    /**
     * The audit log of tool calls: {@code .consort/audit.jsonl} in the project.
     *
     * @return its path (it may not exist yet); never null
     */
    public Path auditLog() {
        return config.projectDir().resolve(".consort").resolve("audit.jsonl");
    }

    /**
     * The summary of a file within a token budget, made by {@code summaries.backend} and cached in the
     * context store by path and content hash (an unchanged file is never summarized twice).
     *
     * @param file      the file, relative to the project or absolute; not null
     * @param maxTokens the summary's budget; positive
     * @return the summary; never null
     * @throws IllegalStateException when no summarizer is configured
     */
    public FileSummary summarizeFile(Path file, int maxTokens) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        return runtime().engine().summarizer().file(config.projectDir(), file, maxTokens);
    }

    /**
     * Usage and budgets.
     *
     * @return the tracker; never null
     */
    public UsageTracker usage() {
        return runtime().usage();
    }

    /**
     * The project's context store.
     *
     * @return the store; never null
     */
    public ContextStore contextStore() {
        return runtime().store();
    }

    /**
     * The tool loop: model calls and tool calls until an ending, for tasks and chat turns.
     *
     * @return the loop; never null
     */
    public synchronized ToolLoop toolLoop() {
        if (toolLoop == null) {
            toolLoop = new dev.consort.core.tasks.DefaultToolLoop(orchestrator(), this::toolRunner);
        }
        return toolLoop;
    }

    /**
     * The project's task queue, in the context store.
     *
     * @return the queue; never null
     */
    public synchronized TaskQueue tasks() {
        if (tasks == null) {
            tasks = new dev.consort.core.tasks.DefaultTaskQueue(contextStore(), toolLoop(), config.tasks(),
                    options.sessionId, options.clock);
        }
        return tasks;
    }

    /**
     * Counts one more user of this instance, for code that closes what it is given (a chat session
     * running the same commands as the command line): each {@link #close()} releases one use, and the
     * last one closes the instance.
     *
     * @return this instance
     */
    public synchronized Consort retain() {
        users++;
        return this;
    }

    /**
     * The task types this configuration routes by name (its routing rules), with the usual ones.
     *
     * @return the types, sorted; never null
     */
    public List<String> taskTypes() {
        java.util.TreeSet<String> types = new java.util.TreeSet<>(List.of("chat", "code", "parse", "plan", "review"));
        types.addAll(config.routing().rules().keySet());
        return List.copyOf(types);
    }

    /**
     * The project's state folder, {@code .consort} (the store, the audit log, the chat history).
     *
     * @return its path (it may not exist yet); never null
     */
    public Path stateDir() {
        return config.projectDir().resolve(".consort");
    }

    /**
     * The most model calls a task or chat turn makes unless told otherwise ({@code tasks.max_steps}).
     *
     * @return the limit
     */
    public int defaultMaxSteps() {
        return config.tasks().maxSteps();
    }

    /**
     * Tells whether no configuration file was found and Consort runs on its built-in defaults: the
     * {@code local} backend on the embedded engine with the tiny random model, whose output is noise.
     *
     * @return true on the built-in defaults
     */
    public boolean usingBuiltInDefaults() {
        return builtInDefaults;
    }

    /**
     * The tiny model's path in the user's cache ({@code ~/.cache/consort/models/tiny-random.gguf}).
     *
     * @return the path; never null
     */
    public Path tinyModel() {
        return TinyModel.defaultPath(sources.userCacheDir());
    }

    /**
     * This session's id.
     *
     * @return the id; never null
     */
    public String sessionId() {
        return options.sessionId;
    }

    /**
     * A builder with the process's defaults: the working directory, {@code consort.yaml} there, the
     * environment, and no plugins folder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the plugins of a folder without reading any configuration, for {@code consort plugins}.
     *
     * @param pluginsDir the folder; may be null
     * @return what was found
     */
    public static PluginReport scanPlugins(Path pluginsDir) {
        return report(PluginLoader.load(pluginsDir, shownDir(pluginsDir)));
    }

    /**
     * The user's Consort cache folder: {@code $XDG_CACHE_HOME/consort}, else {@code ~/.cache/consort}.
     *
     * @return the folder (it may not exist yet); never null
     */
    public static Path userCacheDir() {
        return ConfigSources.ofProcess(null).userCacheDir();
    }

    /**
     * The plugins this instance loaded.
     *
     * @return the report; never null
     */
    public PluginReport plugins() {
        return report(registry);
    }

    /**
     * The configuration files read, in order (global first), as shown to users.
     *
     * @return the files; empty when Consort runs on its built-in defaults
     */
    public List<String> configSources() {
        return config.sources();
    }

    /**
     * The effective configuration as YAML, every secret shown as {@code ****}.
     *
     * @return the text; never null
     */
    public String effectiveConfigYaml() {
        return EffectiveConfigWriter.write(config, registry);
    }

    /**
     * The names of the configured backends, in configuration order.
     *
     * @return the names; never null
     */
    public List<String> backendNames() {
        return List.copyOf(config.backends().keySet());
    }

    /**
     * The {@code gateway} section: what {@code consort serve} listens on, its aliases and client keys.
     *
     * @return the settings (the defaults when the section is absent); never null
     */
    public GatewaySettings gateway() {
        return config.gateway();
    }

    @Override
    public synchronized void close() {
        if (--users > 0) {
            return;
        }
        if (tools != null) {
            tools.close();
            tools = null;
        }
        if (runtime != null) {
            runtime.engine().close();
            runtime.usage().close();
            runtime.store().close();
            runtime = null;
        }
    }

    private static PluginReport report(ProviderRegistry r) {
        return new PluginReport(
                r.plugins().stream().map(p -> new PluginInfo(p.name(), p.source(), p.modules(), p.spiVersion(),
                        p.backendTypes(), p.tools(), p.stores(), p.policies())).toList(),
                r.problems().stream().map(p -> new PluginProblem(p.source(), p.message())).toList());
    }

    private static String shownDir(Path dir) {
        if (dir == null) {
            return "plugins";
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = dir.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** Builds a {@link Consort}. Not thread-safe. */
    public static final class Builder {
        private Path workingDir = Path.of("").toAbsolutePath();
        private Path configFile;
        private Path pluginsDir;
        private Path home = ConfigSources.userHome();
        private Map<String, String> environment = System.getenv();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private RandomGenerator random = new SplittableRandom();
        private String sessionId = UUID.randomUUID().toString();
        private final List<LLMBackend> extraBackends = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the project's working directory.
         *
         * @param dir the folder; not null
         * @return this builder
         */
        public Builder workingDir(Path dir) {
            this.workingDir = Objects.requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
            return this;
        }

        /**
         * Uses this project configuration file instead of {@code consort.yaml}.
         *
         * @param file the file; may be null for the default
         * @return this builder
         */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /**
         * Loads plugins from this folder.
         *
         * @param dir the folder; may be null for none
         * @return this builder
         */
        public Builder pluginsDir(Path dir) {
            this.pluginsDir = dir;
            return this;
        }

        /**
         * Uses this home folder (for {@code ~} and the user's configuration).
         *
         * @param dir the folder; not null
         * @return this builder
         */
        public Builder home(Path dir) {
            this.home = Objects.requireNonNull(dir, "dir is null");
            return this;
        }

        /**
         * Uses these environment variables for {@code ${NAME}} references.
         *
         * @param env the variables; not null
         * @return this builder
         */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(new HashMap<>(Objects.requireNonNull(env, "env is null")));
            return this;
        }

        /**
         * Uses this clock for time stamps, budget periods and cool-downs.
         *
         * @param value the clock; not null
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock is null");
            return this;
        }

        /**
         * Waits between retries with this (tests pass one that does not sleep).
         *
         * @param value the sleeper; not null
         * @return this builder
         */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper is null");
            return this;
        }

        /**
         * Draws retry jitter from this generator.
         *
         * @param value the generator; not null
         * @return this builder
         */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random is null");
            return this;
        }

        /**
         * Names this session (default: a random id).
         *
         * @param value the id; not blank
         * @return this builder
         */
        public Builder sessionId(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("sessionId is blank");
            }
            this.sessionId = value;
            return this;
        }

        /**
         * Adds a backend made by the application, usable by name as an override.
         *
         * @param backend the backend; not null
         * @return this builder
         */
        public Builder backend(LLMBackend backend) {
            extraBackends.add(Objects.requireNonNull(backend, "backend is null"));
            return this;
        }

        /**
         * Loads the plugins and the configuration and checks them together.
         *
         * @return the instance
         * @throws ConfigException naming the file, line and column of the first problem
         */
        public Consort build() {
            Map<String, String> env = environment;
            ConfigSources sources = new ConfigSources(workingDir, configFile, home, env::get);
            ProviderRegistry registry = PluginLoader.load(pluginsDir, shownDir(pluginsDir));
            ConsortConfig config = ConfigLoader.load(sources);
            boolean defaults = config.sources().isEmpty() && config.backends().isEmpty()
                    && registry.backend("llamacpp").isPresent();
            if (defaults) {
                config = ConfigLoader.builtInDefaults(sources, TinyModel.defaultPath(sources.userCacheDir()));
            }
            ConfigValidator.validate(config, registry);
            ToolRules.from(config.tools().section());
            return new Consort(config, registry, sources, this, defaults);
        }
    }
}
