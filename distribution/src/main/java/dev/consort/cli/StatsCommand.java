package dev.consort.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.Consort;
import dev.consort.core.api.UsageTracker;
import dev.consort.spi.chat.UsageStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort stats}: usage per backend for the project and the user's lifetime, and budgets. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Usage per backend (requests, tokens, cost, errors) for this project and your lifetime; budgets.")
final class StatsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        try (Consort consort = root.consort()) {
            UsageTracker usage = consort.usage();
            var out = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = JSON.createObjectNode();
                for (UsageTracker.Scope scope : new UsageTracker.Scope[] {UsageTracker.Scope.PROJECT,
                        UsageTracker.Scope.LIFETIME}) {
                    ObjectNode s = n.putObject(scope.name().toLowerCase(Locale.ROOT));
                    usage.backendUsage(scope).forEach((b, u) -> s.set(b, json(u)));
                }
                usage.budgets().forEach(n.putArray("budgets")::add);
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
                return ExitCodes.OK;
            }
            print(out, "project", usage.backendUsage(UsageTracker.Scope.PROJECT));
            out.println();
            print(out, "lifetime", usage.backendUsage(UsageTracker.Scope.LIFETIME));
            if (!usage.budgets().isEmpty()) {
                out.println();
                out.println("budgets:");
                usage.budgets().forEach(b -> out.println("  " + b));
            }
            return ExitCodes.OK;
        }
    }

    static ObjectNode json(UsageStats u) {
        return JSON.createObjectNode().put("requests", u.requests()).put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens()).put("cost", u.costUsd()).put("errors", u.errors())
                .put("estimated", u.estimated());
    }

    static void print(java.io.PrintWriter out, String title, Map<String, UsageStats> rows) {
        out.println(title + ":");
        Table t = new Table("  BACKEND", "REQUESTS", "TOKENS IN", "TOKENS OUT", "COST USD", "ERRORS");
        UsageStats total = UsageStats.ZERO;
        for (Map.Entry<String, UsageStats> e : rows.entrySet()) {
            t.row(row("  " + e.getKey(), e.getValue()));
            total = total.plus(e.getValue());
        }
        t.row(row("  total", total));
        t.print(out);
        if (total.estimated()) {
            out.println("  (~ some figures are estimated: the provider did not report them)");
        }
    }

    private static String[] row(String name, UsageStats u) {
        String mark = u.estimated() ? "~" : "";
        return new String[] {name, Long.toString(u.requests()), mark + u.promptTokens(), mark + u.completionTokens(),
                money(u.costUsd()), Long.toString(u.errors())};
    }

    static String money(BigDecimal d) {
        return d.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
