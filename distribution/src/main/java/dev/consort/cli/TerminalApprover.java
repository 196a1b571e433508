package dev.consort.cli;

import dev.consort.core.api.Approver;
import java.io.Console;
import java.util.Locale;

/** Asks on the terminal: y (yes), n (no), a (always for this tool), never. */
final class TerminalApprover implements Approver {

    private final Console console;

    private TerminalApprover(Console console) {
        this.console = console;
    }

    /** The terminal's approver, or --yes's, or nobody's (deny) when there is no terminal. */
    static Approver choose(boolean yes) {
        if (yes) {
            return Approver.EVERYTHING;
        }
        Console c = System.console();
        return c == null || !isTerminal(c) ? Approver.NOBODY : new TerminalApprover(c);
    }

    /** Console.isTerminal() arrived in Java 22; on 21 a non-null console is a terminal. */
    private static boolean isTerminal(Console c) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public Answer ask(ToolRequest request) {
        while (true) {
            String line = console.readLine("%nRun %s %s?%n  (%s)%n  [y]es / [n]o / [a]lways for this tool / ne[v]er: ",
                    request.tool(), request.argumentsJson(), request.why());
            if (line == null) {
                return Answer.NO;
            }
            switch (line.trim().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> {
                    return Answer.YES;
                }
                case "n", "no", "" -> {
                    return Answer.NO;
                }
                case "a", "always" -> {
                    return Answer.ALWAYS;
                }
                case "v", "never" -> {
                    return Answer.NEVER;
                }
                default -> console.printf("Please answer y, n, a or v.%n");
            }
        }
    }
}
