package dev.consort.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.core.api.Consort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort audit}: the tool calls recorded in .consort/audit.jsonl. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Show the audit log of tool calls (.consort/audit.jsonl).")
final class AuditCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "20", description = "The last N calls (0 for all; default ${DEFAULT-VALUE}).")
    private int tail;

    @Option(names = "--json", description = "Print the entries as JSON lines.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        if (tail < 0) {
            throw new UsageException("--tail must not be negative");
        }
        Path file;
        try (Consort consort = root.consort()) {
            file = consort.auditLog();
        }
        var out = spec.commandLine().getOut();
        if (!Files.exists(file)) {
            spec.commandLine().getErr().println("consort: no tool call recorded yet (" + file + ")");
            return ExitCodes.OK;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines = lines.subList(tail == 0 ? 0 : Math.max(0, lines.size() - tail), lines.size());
        if (json) {
            lines.forEach(out::println);
            return ExitCodes.OK;
        }
        Table t = new Table("TIME", "TOOL", "OUTCOME", "APPROVAL", "MS", "EXIT", "ARGUMENTS");
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String args = n.path("arguments").toString();
            t.row(n.path("time").asText(), n.path("tool").asText(), n.path("outcome").asText(),
                    n.path("approval").asText(), n.path("duration_ms").asText(),
                    n.path("exit_code").isNull() ? "-" : n.path("exit_code").asText(),
                    args.length() > 60 ? args.substring(0, 57) + "..." : args);
        }
        t.print(out);
        return ExitCodes.OK;
    }
}
