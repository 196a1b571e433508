package dev.consort.cli;

import dev.consort.core.api.Approver;
import java.io.Console;
import java.util.Locale;
import java.util.Optional;

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
        return onTerminal() ? new TerminalApprover(System.console()) : Approver.NOBODY;
    }

    /** Whether standard input and output are a terminal. */
    static boolean onTerminal() {
        Console c = System.console();
        return c != null && isTerminal(c);
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
            Optional<Answer> answer = parse(line);
            if (answer.isPresent()) {
                return answer.get();
            }
            console.printf("Please answer y, n, a or v.%n");
        }
    }

    /**
     * Reads an answer: y / yes, n / no / nothing, a / always, v / never.
     *
     * @param line what the person typed
     * @return the answer, or empty when it is none of them
     */
    static Optional<Answer> parse(String line) {
        return switch (line.trim().toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> Optional.of(Answer.YES);
            case "n", "no", "" -> Optional.of(Answer.NO);
            case "a", "always" -> Optional.of(Answer.ALWAYS);
            case "v", "never" -> Optional.of(Answer.NEVER);
            default -> Optional.empty();
        };
    }
}
