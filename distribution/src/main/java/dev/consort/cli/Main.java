package dev.consort.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code consort}. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The common "which version is this" question needs no command model or plugin scan.
            out.println(Version.line());
            return ExitCodes.OK;
        }
        ConsortCommand root = new ConsortCommand();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new FailureHandler(root));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("consort: " + e.getMessage());
            err.println("Try 'consort " + commandPath(e.getCommandLine()) + "--help' for usage.");
            return ExitCodes.USAGE;
        });
        int code = cli.execute(args);
        // Commands print with print() as well as println(); nothing may be lost to System.exit.
        out.flush();
        err.flush();
        return code;
    }

    private static String commandPath(CommandLine c) {
        StringBuilder path = new StringBuilder();
        for (CommandLine p = c; p.getParent() != null; p = p.getParent()) {
            path.insert(0, p.getCommandName() + " ");
        }
        return path.toString();
    }
}
