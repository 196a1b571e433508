package dev.consort.cli;

import dev.consort.core.api.Consort;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort config check|show}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check or show the configuration.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {

    @ParentCommand
    ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Validates the configuration against the loaded plugins. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the configuration: prints 'ok' or the first error as file:line:column.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        private ConfigCommand parent;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                var out = spec.commandLine().getOut();
                out.println("ok (" + (consort.configSources().isEmpty() ? "built-in defaults"
                        : String.join(", ", consort.configSources())) + "; backends: "
                        + (consort.backendNames().isEmpty() ? "none" : String.join(", ", consort.backendNames())) + ")");
                consort.plugins().problems().forEach(p -> spec.commandLine().getErr().println("problem: " + p));
            }
            return ExitCodes.OK;
        }
    }

    /** Prints the effective configuration, secrets masked. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the effective merged configuration; secrets appear as ****.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        private ConfigCommand parent;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                spec.commandLine().getOut().print(consort.effectiveConfigYaml());
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }
}
