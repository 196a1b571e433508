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

/**
 * run_command: runs an argv directly, with no shell, unless {@code shell} is true: then argv must be exactly one
 * string, run as {@code /bin/sh -c <script>}. The working folder is {@code cwd} inside the sandbox (default its
 * root); the environment is the context's, minus secret-looking names; {@code timeout_ms} may only shorten the
 * context's time-out. The result's exit code is the process's; it is an error on a non-zero exit or a time-out.
 */
final class RunCommandTool implements Tool {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "run_command";
    }

    @Override
    public String description() {
        return "Runs a program in the workspace: argv is the program and its arguments, passed as they are, with no"
            + " shell. With shell: true, argv must be exactly one string, a script run by /bin/sh -c. Returns the exit"
            + " code, stdout and stderr (capped); the process tree is killed at the time-out.";
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
        if (args == null || !args.isObject()) {
            throw new ToolException("arguments must be a JSON object");
        }
        JsonNode argvNode = args.get("argv");
        if (argvNode == null || !argvNode.isArray() || argvNode.isEmpty()) {
            throw new ToolException("argument 'argv' is required: a non-empty array of strings");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode item : argvNode) {
            if (!item.isTextual()) {
                throw new ToolException("argument 'argv' must hold strings only, found " + item);
            }
            argv.add(item.asText());
        }
        if (args.path("shell").asBoolean(false)) {
            if (argv.size() != 1) {
                throw new ToolException("with shell: true, argv must be exactly one string, the script for /bin/sh -c;"
                    + " got " + argv.size());
            }
            argv.addAll(0, List.of("/bin/sh", "-c"));
        }
        String cwdGiven = args.hasNonNull("cwd") ? args.get("cwd").asText() : ".";
        Path cwd = context.resolve(cwdGiven);
        if (!Files.isDirectory(cwd)) {
            return ToolResult.failure("cwd is not a folder: " + cwdGiven);
        }
        long timeout = context.timeout().toMillis();
        if (args.hasNonNull("timeout_ms")) {
            // A call may shorten the runner's time-out, never lengthen it.
            timeout = Math.min(timeout, Math.max(1, args.get("timeout_ms").asLong()));
        }
        ProcessOutcome outcome = ProcessRunner.run(argv, cwd,
            ChildEnvironment.of(context.environment(), context.settings()), timeout, context.maxOutputBytes());
        return new ToolResult(outcome.failed(), outcome.render(), outcome.exitCode(), outcome.truncated(),
            Map.of("timed_out", outcome.timedOut()));
    }
}
