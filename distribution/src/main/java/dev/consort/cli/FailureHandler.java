package dev.consort.cli;

import dev.consort.spi.config.ConfigException;
import picocli.CommandLine;

/** Turns an exception from a command into one line on stderr and an exit code; the trace only with --verbose. */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    private final ConsortCommand root;

    FailureHandler(ConsortCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        if (e instanceof ConfigException) {
            err.println("consort: " + e.getMessage());
            trace(e, err);
            return ExitCodes.USAGE;
        }
        if (e instanceof UsageException) {
            err.println("consort: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        err.println("consort: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        trace(e, err);
        return ExitCodes.FAILURE;
    }

    private void trace(Exception e, java.io.PrintWriter err) {
        if (root.verbose()) {
            e.printStackTrace(err);
        }
    }
}
