package dev.consort.tools.fs;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** list_dir: the entries of a folder, to a depth, minus .git and .gitignore'd paths. */
final class ListDirTool implements Tool {

    static final int MAX_DEPTH = 10;

    @Override
    public String name() {
        return "list_dir";
    }

    @Override
    public String description() {
        return "Lists a workspace folder (default '.'), to depth 1..10 (default 1), optionally filtered by a glob;"
            + " folders end in '/', symbolic links in '@'. Skips .git and .gitignore'd paths.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "path":{"type":"string"},
              "glob":{"type":"string","description":"glob over the path below the listed folder, e.g. src/**/*.java; without '/' it matches names at any depth"},
              "depth":{"type":"integer","minimum":1,"maximum":10}},
             "required":[],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.READ;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        Arguments args = Arguments.parse(argumentsJson);
        String given = args.string("path", ".");
        int depth = args.integer("depth", 1);
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new ToolException("depth must be between 1 and " + MAX_DEPTH + ", got " + depth);
        }
        String glob = args.string("glob", null);
        Path folder = context.resolve(given);
        if (!Files.isDirectory(folder)) {
            return ToolResult.failure("not a folder: " + given);
        }
        PathMatcher matcher = glob == null ? null : globMatcher(glob);
        int cap = context.maxOutputBytes();
        StringBuilder out = new StringBuilder();
        List<String> entries = new ArrayList<>();
        boolean[] truncated = {false};
        try {
            new WorkspaceWalker(context.sandboxRoot()).walk(folder, depth, entry -> {
                if (matcher != null) {
                    Path local = folder.relativize(entry.path());
                    boolean nameOnly = !glob.contains("/");
                    if (!matcher.matches(nameOnly ? local.getFileName() : local)) {
                        return true;
                    }
                }
                String line = entry.relative() + (entry.folder() ? "/" : entry.link() ? "@" : "");
                if (out.length() + line.length() + 1 > cap) {
                    truncated[0] = true;
                    return false;
                }
                out.append(line).append('\n');
                entries.add(line);
                return true;
            });
        } catch (IOException e) {
            return ToolResult.failure("cannot list " + given + ": " + e.getMessage());
        }
        if (truncated[0]) {
            out.append("[... output truncated at ").append(cap).append(" bytes ...]\n");
        }
        if (entries.isEmpty()) {
            out.append("(empty)\n");
        }
        return new ToolResult(false, out.toString(), -1, truncated[0], Map.of("count", entries.size()));
    }

    /** A glob over the path below the listed folder; a leading {@code **}{@code /} also matches directly in it. */
    private static PathMatcher globMatcher(String glob) {
        PathMatcher full = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        if (!glob.startsWith("**/")) {
            return full;
        }
        PathMatcher top = FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3));
        return path -> full.matches(path) || top.matches(path);
    }
}
