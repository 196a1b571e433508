package dev.consort.cli;

import dev.consort.core.api.Consort;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteStep;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort route}: how a task type would be routed, and why. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Explain routing: each candidate in order, taken or skipped, and why.")
final class RouteCommand implements Callable<Integer> {

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TYPE", description = "The task type (plan, review, code, parse, chat, ...).")
    private String type;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "100", description = "Prompt size to assume (default: ${DEFAULT-VALUE}).")
    private int tokens;

    @Override
    public Integer call() {
        if (tokens < 0) {
            throw new UsageException("--tokens must not be negative");
        }
        try (Consort consort = root.consort()) {
            RouteDecision d = consort.orchestrator().route(type, tokens);
            var out = spec.commandLine().getOut();
            out.println("task '" + type + "', about " + tokens + " prompt tokens:");
            int i = 1;
            for (RouteStep s : d.steps()) {
                out.println("  " + (s.taken() ? (i++) + ". take " : "   skip ") + s.backend() + ": " + s.reason());
            }
            if (d.chosen().isEmpty()) {
                out.println("  no backend can take it");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }
}
