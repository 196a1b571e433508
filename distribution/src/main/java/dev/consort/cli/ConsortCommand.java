package dev.consort.cli;

import dev.consort.core.api.Consort;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: global options shared by every subcommand. */
@Command(name = "consort", versionProvider = Version.class, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Orchestrates several LLM backends as one team.",
        subcommands = {AskCommand.class, RouteCommand.class, StatsCommand.class, PluginsCommand.class, ConfigCommand.class,
                ModelCommand.class, ToolsCommand.class, ToolCommand.class, AuditCommand.class,
                MemoryCommand.class, SessionCommand.class, TaskCommand.class, ChatCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error."})
final class ConsortCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE", description = "Project configuration (default: ./consort.yaml).")
    private Path config;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Plugins folder (default: $CONSORT_PLUGINS, else the installation's plugins/).")
    private Path plugins;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    private boolean verbose;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    boolean verbose() {
        return verbose;
    }

    /** The plugins folder: --plugins, else $CONSORT_PLUGINS, else $CONSORT_HOME/plugins. */
    Path pluginsDir() {
        if (plugins != null) {
            if (!Files.isDirectory(plugins)) {
                throw new UsageException("--plugins " + plugins + ": no such folder");
            }
            return plugins;
        }
        String env = System.getenv("CONSORT_PLUGINS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getProperty("consort.home");
        return home == null ? null : Path.of(home, "plugins");
    }

    /** An instance lent by a chat session, which its commands use (and release) instead of their own. */
    private Consort lent;

    /** Consort built from the configuration and plugins, or a configuration error. */
    Consort consort() {
        return consort(null);
    }

    /** Consort for a session (a new one when null), or the lent instance. */
    Consort consort(String sessionId) {
        if (lent != null) {
            return lent.retain();
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new UsageException("--config " + config + ": no such file");
        }
        Consort.Builder b = Consort.builder().configFile(config).pluginsDir(pluginsDir());
        if (sessionId != null) {
            b.sessionId(sessionId);
        }
        return b.build();
    }

    /** A root whose commands run on the given instance (each retains and releases it). */
    static ConsortCommand lending(Consort consort, boolean verbose) {
        ConsortCommand root = new ConsortCommand();
        root.lent = consort;
        root.verbose = verbose;
        return root;
    }

    /** Says, once, that Consort runs on its built-in defaults with a model whose output is noise. */
    static void noticeDefaults(Consort consort, java.io.PrintWriter err) {
        if (consort.usingBuiltInDefaults()) {
            err.println("consort: no consort.yaml here or in ~/.config/consort: using the built-in 'local' backend on"
                    + " a tiny random model, whose output is noise (README: \"Use a real model\").");
        }
    }
}
