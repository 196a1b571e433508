package dev.consort.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.consort.core.api.Consort;
import dev.consort.core.api.ToolRunner;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort tools}: every tool with its effect, provider and schema. */
@Command(name = "tools", mixinStandardHelpOptions = true, description = "List the tools: effect, provider, description.")
final class ToolsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the tools with their parameter schemas as JSON.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        try (Consort consort = root.consort()) {
            ToolRunner runner = consort.toolRunner();
            var out = spec.commandLine().getOut();
            if (json) {
                ArrayNode a = JSON.createArrayNode();
                for (ToolRunner.ToolInfo t : runner.tools()) {
                    a.addObject().put("name", t.name()).put("effect", t.effect().name().toLowerCase(Locale.ROOT))
                            .put("provider", t.provider()).put("description", t.description())
                            .set("parameters", JSON.readTree(t.schema()));
                }
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
                return ExitCodes.OK;
            }
            Table table = new Table("TOOL", "EFFECT", "PROVIDER", "DESCRIPTION");
            for (ToolRunner.ToolInfo t : runner.tools()) {
                String d = t.description().replaceAll("\\s+", " ");
                table.row(t.name(), t.effect().name().toLowerCase(Locale.ROOT), t.provider(),
                        d.length() > 70 ? d.substring(0, 67) + "..." : d);
            }
            table.print(out);
            out.println("mode: " + runner.mode().name().toLowerCase(Locale.ROOT));
            return ExitCodes.OK;
        }
    }
}
