package dev.consort.tools.shell;

/** What one process run produced: exit code (-1 when killed), captured output, time-out and truncation flags. */
record ProcessOutcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated, long timeoutMillis) {

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(timedOut ? "timed out after " + timeoutMillis + " ms" : "exit " + exitCode).append('\n');
        out.append("--- stdout ---\n").append(stdout);
        if (!stdout.isEmpty() && !stdout.endsWith("\n")) {
            out.append('\n');
        }
        out.append("--- stderr ---\n").append(stderr);
        return out.toString();
    }
}
