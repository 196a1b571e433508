package dev.consort.tools.shell;

import java.util.Objects;

/**
 * What one process run produced.
 *
 * @param exitCode      the exit code (128 + signal when killed, as shells report it)
 * @param stdout        the kept standard output; not null
 * @param stderr        the kept standard error; not null
 * @param timedOut      true when the time-out stopped it
 * @param truncated     true when output went past the cap
 * @param timeoutMillis the time-out it ran under
 * @param capBytes      the output cap it ran under
 */
record ProcessOutcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated,
        long timeoutMillis, int capBytes) {

    ProcessOutcome {
        Objects.requireNonNull(stdout, "stdout is null");
        Objects.requireNonNull(stderr, "stderr is null");
    }

    boolean failed() {
        return timedOut || exitCode != 0;
    }

    /** The head line: {@code exit 0}, or {@code timed out after 500ms (killed, exit 137)}. */
    String status() {
        return timedOut ? "timed out after " + timeoutMillis + "ms (process tree killed, exit " + exitCode + ")"
            : "exit " + exitCode;
    }

    String render() {
        StringBuilder out = new StringBuilder(status()).append('\n');
        out.append("--- stdout ---\n").append(stdout);
        if (!stdout.isEmpty() && !stdout.endsWith("\n")) {
            out.append('\n');
        }
        out.append("--- stderr ---\n").append(stderr);
        if (truncated) {
            out.append("\n[... output truncated at ").append(capBytes).append(" bytes ...]");
        }
        return out.toString();
    }
}
