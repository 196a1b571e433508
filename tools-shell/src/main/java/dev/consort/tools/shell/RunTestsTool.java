package dev.consort.tools.shell;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run_tests: runs the project's configured test command (setting {@code command}, an argv list) in the sandbox
 * root, like run_command, then sums the JUnit-style XML reports it wrote (setting {@code reports}, globs; by
 * default Surefire's and Gradle's) into {@code tests}, {@code passed}, {@code failed}, {@code errors},
 * {@code skipped} and {@code failures} ({@code name}, {@code message}, {@code kind}) in the result's data.
 */
final class RunTestsTool implements Tool {

    static final String COMMAND_SETTING = "command";
    static final String REPORTS_SETTING = "reports";
    private static final int MAX_FAILURES_LISTED = 50;

    @Override
    public String name() {
        return "run_tests";
    }

    @Override
    public String description() {
        return "Runs the project's configured test command and reports how many tests passed, failed, errored or"
            + " were skipped, naming each failure, followed by the command's output.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{},"required":[],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.EXECUTE;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        Map<String, Object> settings = context.settings();
        List<String> command = ToolSettings.stringList(settings, COMMAND_SETTING);
        if (command.isEmpty()) {
            return ToolResult.failure("run_tests has no test command: set tools.settings.run_tests.command to the"
                + " test command as a list, for example [\"./mvnw\", \"-q\", \"test\"]");
        }
        List<String> globs = ToolSettings.stringList(settings, REPORTS_SETTING);
        if (globs.isEmpty()) {
            globs = ReportFinder.DEFAULT_GLOBS;
        }
        Path root = context.sandboxRoot();
        Instant started = Instant.now();
        ProcessOutcome outcome = ProcessRunner.run(command, root, ChildEnvironment.of(context.environment(), settings),
            context.timeout().toMillis(), context.maxOutputBytes());

        TestCounts counts = TestCounts.NONE;
        StringBuilder problems = new StringBuilder();
        List<Path> reports;
        try {
            reports = ReportFinder.find(root, globs, started);
        } catch (IOException e) {
            reports = List.of();
            problems.append("cannot look for test reports: ").append(e.getMessage()).append('\n');
        }
        for (Path report : reports) {
            try {
                counts = counts.plus(JUnitReportReader.read(report));
            } catch (IOException e) {
                problems.append("skipped report ").append(root.relativize(report)).append(": ").append(e.getMessage())
                    .append('\n');
            }
        }

        StringBuilder out = new StringBuilder("run_tests: ").append(outcome.status());
        if (reports.isEmpty()) {
            out.append("; no test report matched ").append(globs).append(" after the run\n");
        } else {
            out.append("; ").append(counts.summary()).append(" (").append(reports.size())
                .append(reports.size() == 1 ? " report)\n" : " reports)\n");
        }
        for (TestFailure failure : counts.failures().stream().limit(MAX_FAILURES_LISTED).toList()) {
            out.append(failure.error() ? "ERROR  " : "FAILED ").append(failure.name()).append(": ")
                .append(failure.message()).append('\n');
        }
        if (counts.failures().size() > MAX_FAILURES_LISTED) {
            out.append("... and ").append(counts.failures().size() - MAX_FAILURES_LISTED).append(" more\n");
        }
        out.append(problems).append(outcome.render());

        Map<String, Object> data = new LinkedHashMap<>(counts.asData(MAX_FAILURES_LISTED));
        data.put("reports", reports.size());
        data.put("timed_out", outcome.timedOut());
        boolean error = outcome.failed() || counts.failed() > 0 || counts.errors() > 0;
        return new ToolResult(error, out.toString(), outcome.exitCode(), outcome.truncated(), data);
    }
}
