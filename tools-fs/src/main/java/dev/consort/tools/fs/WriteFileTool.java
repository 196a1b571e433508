package dev.consort.tools.fs;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** write_file: replaces a file's content atomically, creating parent folders. */
final class WriteFileTool implements Tool {

    @Override
    public String name() {
        return "write_file";
    }

    @Override
    public String description() {
        return "Writes a text file in the workspace (atomically), creating parent folders.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "path":{"type":"string"},
              "content":{"type":"string"}},
             "required":["path","content"],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.WRITE;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        Arguments args = Arguments.parse(argumentsJson);
        String given = args.requireString("path");
        String content = args.requireString("content");
        Path file = context.resolve(given);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            AtomicWriter.write(file, bytes);
        } catch (IOException e) {
            return ToolResult.failure("cannot write " + given + ": " + e.getMessage());
        }
        return new ToolResult(false, "wrote " + bytes.length + " bytes to " + given, -1, false,
            Map.of("path", given, "bytes", bytes.length));
    }
}
