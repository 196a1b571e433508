package dev.consort.core.tools;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolProvider;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collaborator tools for the runner's tests, found on the test class path through ServiceLoader. */
public final class TestTools implements ToolProvider {

    @Override
    public String type() {
        return "test";
    }

    @Override
    public Set<String> toolNames() {
        return Set.of("peek", "touch", "exec", "flood", "nap");
    }

    @Override
    public List<Tool> create(PluginConfig config, PluginContext context) {
        return List.of(
                tool("peek", ToolEffect.READ, PATH_SCHEMA, (args, ctx) -> {
                    Path p = ctx.resolve(field(args, "path"));
                    return ToolResult.ok(read(p));
                }),
                tool("touch", ToolEffect.WRITE, PATH_SCHEMA, (args, ctx) -> {
                    Path p = ctx.resolve(field(args, "path"));
                    write(p);
                    return ToolResult.ok("touched " + ctx.sandboxRoot().relativize(p));
                }),
                tool("exec", ToolEffect.EXECUTE, """
                        {"type":"object","properties":{"argv":{"type":"array","items":{"type":"string"},"minItems":1}},
                         "required":["argv"],"additionalProperties":false}""",
                        (args, ctx) -> new ToolResult(false, "ran " + args + " env=" + ctx.environment().keySet(), 0,
                                false, Map.of())),
                tool("flood", ToolEffect.READ, "{\"type\":\"object\"}", (args, ctx) -> ToolResult.ok("x".repeat(100_000))),
                tool("nap", ToolEffect.READ, "{\"type\":\"object\"}", (args, ctx) -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ToolResult.ok("woke");
                }));
    }

    static final String PATH_SCHEMA = """
            {"type":"object","properties":{"path":{"type":"string"}},"required":["path"],"additionalProperties":false}""";

    interface Body {
        ToolResult run(String args, ToolContext ctx);
    }

    static Tool tool(String name, ToolEffect effect, String schema, Body body) {
        return new Tool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test tool " + name;
            }

            @Override
            public String parametersSchema() {
                return schema;
            }

            @Override
            public ToolEffect effect() {
                return effect;
            }

            @Override
            public ToolResult invoke(String argumentsJson, ToolContext context) {
                return body.run(argumentsJson, context);
            }
        };
    }

    static String field(String json, String name) {
        return dev.consort.core.schema.SchemaCache.parse(json).orElseThrow().get(name).asText();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
