package dev.consort.tools.fs;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** read_file: a text file, or a 1-based inclusive range of its lines, up to the output cap. */
final class ReadFileTool implements Tool {

    @Override
    public String name() {
        return "read_file";
    }

    @Override
    public String description() {
        return "Reads a text file in the workspace, optionally lines start_line..end_line (1-based, inclusive).";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "path":{"type":"string","description":"file path relative to the workspace"},
              "start_line":{"type":"integer","minimum":1},
              "end_line":{"type":"integer","minimum":1}},
             "required":["path"],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.READ;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        Arguments args = Arguments.parse(argumentsJson);
        String given = args.requireString("path");
        Path file = context.resolve(given);
        int start = args.integer("start_line", 1);
        int end = args.integer("end_line", Integer.MAX_VALUE);
        if (start < 1 || end < start) {
            throw new ToolException("invalid line range " + start + ".." + end + " for " + given);
        }
        if (!Files.isRegularFile(file)) {
            return ToolResult.failure("not a file: " + given);
        }
        try {
            if (FileChecks.isBinary(file)) {
                return ToolResult.failure("refused: " + given + " is a binary file (NUL bytes in its first 8 KiB)");
            }
            int cap = context.maxOutputBytes();
            StringBuilder out = new StringBuilder();
            int bytes = 0;
            boolean truncated = false;
            int lineNo = 0;
            var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (lineNo < start) {
                        continue;
                    }
                    if (lineNo > end) {
                        break;
                    }
                    int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
                    if (bytes + size > cap) {
                        truncated = true;
                        break;
                    }
                    out.append(line).append('\n');
                    bytes += size;
                }
            }
            if (truncated) {
                out.append("[... output truncated at ").append(cap).append(" bytes ...]\n");
            }
            if (lineNo < start && start > 1) {
                return ToolResult.failure(given + " has " + lineNo + " lines; start_line " + start + " is past its end");
            }
            return new ToolResult(false, out.toString(), -1, truncated, Map.of("path", given));
        } catch (IOException e) {
            return ToolResult.failure("cannot read " + given + ": " + e.getMessage());
        }
    }
}
