package dev.consort.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.Consort;
import dev.consort.core.api.PluginInfo;
import dev.consort.core.api.PluginProblem;
import dev.consort.core.api.PluginReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort plugins}: what each plugin provides, and what failed to load. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the built-in providers and every plugin: modules, backend types, tools, stores, policies.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PluginReport report = Consort.scanPlugins(root.pluginsDir());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(report));
            return ExitCodes.OK;
        }
        Table t = new Table("PLUGIN", "SOURCE", "MODULES", "BACKENDS", "TOOLS", "STORES", "POLICIES");
        for (PluginInfo p : report.plugins()) {
            t.row(p.name(), p.source(), join(p.modules()), join(p.backendTypes()), join(p.tools()), join(p.stores()),
                    join(p.policies()));
        }
        t.print(out);
        PrintWriter err = spec.commandLine().getErr();
        for (PluginProblem problem : report.problems()) {
            err.println("problem: " + problem);
        }
        return ExitCodes.OK;
    }

    private static String join(List<String> items) {
        return items.isEmpty() ? "-" : String.join(",", items);
    }

    private static String toJson(PluginReport report) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode plugins = root.putArray("plugins");
        for (PluginInfo p : report.plugins()) {
            ObjectNode n = plugins.addObject();
            n.put("name", p.name());
            n.put("source", p.source());
            n.put("spi_version", p.spiVersion());
            p.modules().forEach(n.putArray("modules")::add);
            p.backendTypes().forEach(n.putArray("backends")::add);
            p.tools().forEach(n.putArray("tools")::add);
            p.stores().forEach(n.putArray("stores")::add);
            p.policies().forEach(n.putArray("policies")::add);
        }
        ArrayNode problems = root.putArray("problems");
        for (PluginProblem p : report.problems()) {
            problems.addObject().put("source", p.source()).put("message", p.message());
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
