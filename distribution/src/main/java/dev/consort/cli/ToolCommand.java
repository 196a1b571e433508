package dev.consort.cli;

import dev.consort.core.api.Consort;
import dev.consort.core.api.ToolMode;
import dev.consort.core.api.ToolRunner;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort tool run|why}: one tool call through the runner, exactly as a model's call runs. */
@Command(name = "tool", mixinStandardHelpOptions = true, description = "Run one tool call, or explain its permission decision.",
        subcommands = {ToolCommand.Run.class, ToolCommand.Why.class})
final class ToolCommand implements Runnable {

    @ParentCommand
    ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a call with permissions, sandbox, limits and audit. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a tool as a model's call would run: permissions, sandbox, limits, audit log.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        private ToolCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The tool.")
        private String name;

        @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}", description = "Its arguments (default: {}).")
        private String args;

        @Option(names = "--mode", paramLabel = "MODE", description = "manual or trust, for this call (default: tools.mode).")
        private String mode;

        @Option(names = "--yes", description = "Approve the call if it needs approval.")
        private boolean yes;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                ToolRunner runner = consort.toolRunner();
                if (mode != null) {
                    runner.setMode(parseMode(mode));
                }
                if (runner.tools().stream().noneMatch(t -> t.name().equals(name))) {
                    throw new UsageException("no tool named '" + name + "' (see 'consort tools')");
                }
                ToolRunner.Outcome o = runner.run(name, args, new ToolRunner.Caller(consort.sessionId(), null, null),
                        TerminalApprover.choose(yes));
                var out = spec.commandLine().getOut();
                out.print(o.result().content());
                if (!o.result().content().endsWith("\n")) {
                    out.println();
                }
                spec.commandLine().getErr().println("[" + o.approval() + "; " + o.millis() + " ms"
                        + (o.result().exitCodeIfAny().isPresent() ? "; exit " + o.result().exitCode() : "")
                        + (o.result().truncated() ? "; output truncated" : "") + "]");
                return o.result().error() ? ExitCodes.FAILURE : ExitCodes.OK;
            }
        }
    }

    /** Explains the permission decision without running. */
    @Command(name = "why", mixinStandardHelpOptions = true, description = "Print the permission decision for a call and the rule or mode that made it.")
    static final class Why implements Callable<Integer> {
        @ParentCommand
        private ToolCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The tool.")
        private String name;

        @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}", description = "Its arguments (default: {}).")
        private String args;

        @Option(names = "--mode", paramLabel = "MODE", description = "manual or trust (default: tools.mode).")
        private String mode;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                ToolRunner runner = consort.toolRunner();
                if (mode != null) {
                    runner.setMode(parseMode(mode));
                }
                ToolRunner.Decision d;
                try {
                    d = runner.why(name, args);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                spec.commandLine().getOut().println(d.verdict() + ": " + d.reason());
                return ExitCodes.OK;
            }
        }
    }

    static ToolMode parseMode(String mode) {
        try {
            return ToolMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode must be manual or trust, got '" + mode + "'");
        }
    }
}
