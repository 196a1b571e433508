package dev.consort.tools.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** run_command: runs argv directly (no shell unless asked), in the sandbox, with a time-out and an output cap. */
final class RunCommandTool implements Tool {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "run_command";
    }

    @Override
    public String description() {
        return "Runs a program (argv array, no shell unless shell is true, then argv is one string for /bin/sh -c)"
            + " in the workspace; returns the exit code, stdout and stderr.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "argv":{"type":"array","items":{"type":"string"},"minItems":1},
              "cwd":{"type":"string"},
              "timeout_ms":{"type":"integer","minimum":1},
              "shell":{"type":"boolean"}},
             "required":["argv"],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.EXECUTE;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        JsonNode args;
        try {
            args = MAPPER.readTree(argumentsJson);
        } catch (IOException e) {
            throw new ToolException("arguments are not valid JSON: " + e.getMessage(), e);
        }
        JsonNode argvNode = args.get("argv");
        if (argvNode == null || !argvNode.isArray() || argvNode.isEmpty()) {
            throw new ToolException("argument 'argv' is required: a non-empty array of strings");
        }
        List<String> argv = new ArrayList<>();
        argvNode.forEach(n -> argv.add(n.asText()));
        boolean shell = args.path("shell").asBoolean(false);
        if (shell) {
            if (argv.size() != 1) {
                throw new ToolException("with shell: true, argv must be exactly one string (the script for /bin/sh -c)");
            }
            argv.addAll(0, List.of("/bin/sh", "-c"));
        }
        Path cwd = args.hasNonNull("cwd") ? context.resolve(args.get("cwd").asText()) : context.sandboxRoot();
        if (!Files.isDirectory(cwd)) {
            return ToolResult.failure("cwd is not a folder: " + args.path("cwd").asText());
        }
        long timeout = context.timeout().toMillis();
        if (args.hasNonNull("timeout_ms")) {
            timeout = Math.min(timeout, Math.max(1, args.get("timeout_ms").asLong()));
        }
        ProcessOutcome outcome = ProcessRunner.run(argv, cwd, context.environment(), timeout, context.maxOutputBytes());
        boolean error = outcome.timedOut() || outcome.exitCode() != 0;
        return new ToolResult(error, outcome.render(), outcome.timedOut() ? -1 : outcome.exitCode(), outcome.truncated(),
            Map.of("timedOut", outcome.timedOut()));
    }
}
