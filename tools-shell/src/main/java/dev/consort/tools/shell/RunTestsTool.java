package dev.consort.tools.shell;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** run_tests: runs the configured test command, then totals the JUnit XML reports it wrote. */
final class RunTestsTool implements Tool {

    static final List<String> DEFAULT_REPORTS =
        List.of("**/target/surefire-reports/TEST-*.xml", "**/build/test-results/**/*.xml");

    @Override
    public String name() {
        return "run_tests";
    }

    @Override
    public String description() {
        return "Runs the project's configured test command and summarizes the JUnit XML reports"
            + " (tests, passed, failed, errors, skipped, the failing tests).";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{},"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.EXECUTE;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        List<String> command = strings(context.settings().get("command"));
        if (command.isEmpty()) {
            return ToolResult.failure("no test command configured: set tools.settings.run_tests.command"
                + " to an argv list, e.g. [\"./mvnw\", \"-B\", \"test\"]");
        }
        List<String> reports = strings(context.settings().get("reports"));
        if (reports.isEmpty()) {
            reports = DEFAULT_REPORTS;
        }
        // File times can be coarser than the clock; a second of slack keeps reports written at once.
        long started = System.currentTimeMillis() - 1000;
        ProcessOutcome outcome = ProcessRunner.run(command, context.sandboxRoot(), context.environment(),
            context.timeout().toMillis(), context.maxOutputBytes());
        JUnitReports totals;
        try {
            totals = JUnitReports.collect(context.sandboxRoot(), reports, started);
        } catch (IOException e) {
            return new ToolResult(true, outcome.render() + "\ncannot read test reports: " + e.getMessage(),
                outcome.exitCode(), outcome.truncated(), Map.of());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tests", totals.tests);
        data.put("passed", totals.passed());
        data.put("failed", totals.failed);
        data.put("errors", totals.errors);
        data.put("skipped", totals.skipped);
        data.put("failures", List.copyOf(totals.failures));
        data.put("reports", totals.reports);
        data.put("timedOut", outcome.timedOut());
        StringBuilder summary = new StringBuilder();
        summary.append(outcome.timedOut() ? "tests timed out after " + outcome.timeoutMillis() + " ms"
            : "test command exit " + outcome.exitCode()).append('\n');
        summary.append(totals.tests).append(" tests: ").append(totals.passed()).append(" passed, ")
            .append(totals.failed).append(" failed, ").append(totals.errors).append(" errors, ")
            .append(totals.skipped).append(" skipped (").append(totals.reports).append(" reports)\n");
        for (Map<String, Object> failure : totals.failures) {
            summary.append("FAILED ").append(failure.get("name")).append(": ").append(failure.get("message")).append('\n');
        }
        for (String bad : totals.unreadable) {
            summary.append("unreadable report: ").append(bad).append('\n');
        }
        if (totals.reports == 0) {
            summary.append("no JUnit XML reports found matching ").append(reports).append('\n');
        }
        summary.append('\n').append(outcome.render());
        boolean error = outcome.timedOut() || outcome.exitCode() != 0 || totals.failed + totals.errors > 0;
        return new ToolResult(error, summary.toString(), outcome.timedOut() ? -1 : outcome.exitCode(),
            outcome.truncated(), data);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        } else if (value instanceof String s && !s.isBlank()) {
            out.add(s);
        }
        return out;
    }
}
