package dev.consort.tools.fs;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.patch.VerifyChunk;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * apply_patch: a unified diff over one or several files, all or nothing. Every hunk of every file is checked
 * against the current content before any file is written; each file is then written atomically.
 */
final class ApplyPatchTool implements Tool {

    private static final String DEV_NULL = "/dev/null";

    /** One file's change, fully computed before anything is written. */
    private record FileChange(String name, Path path, List<String> newLines, boolean delete, boolean create) {
    }

    /** One file's section of the patch. */
    private record Section(String from, String to, List<String> lines) {
    }

    @Override
    public String name() {
        return "apply_patch";
    }

    @Override
    public String description() {
        return "Applies a unified diff (one or several files; --- /dev/null creates, +++ /dev/null deletes)."
            + " All or nothing: if any hunk does not fit, no file changes.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "patch":{"type":"string","minLength":1}},
             "required":["patch"],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.WRITE;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        String text = Arguments.parse(argumentsJson).requireString("patch");
        List<Section> sections = split(text);
        if (sections.isEmpty()) {
            throw new ToolException("the patch has no file headers (--- a/file, +++ b/file)");
        }
        List<FileChange> changes = new ArrayList<>();
        for (Section section : sections) {
            changes.add(check(section, context));
        }
        StringBuilder out = new StringBuilder();
        try {
            for (FileChange change : changes) {
                if (change.delete()) {
                    Files.deleteIfExists(change.path());
                    out.append("deleted ").append(change.name()).append('\n');
                } else {
                    String content = change.newLines().isEmpty() ? "" : String.join("\n", change.newLines()) + "\n";
                    AtomicWriter.write(change.path(), content.getBytes(StandardCharsets.UTF_8));
                    out.append(change.create() ? "created " : "patched ").append(change.name()).append('\n');
                }
            }
        } catch (IOException e) {
            return ToolResult.failure("writing failed after checking every hunk: " + e.getMessage());
        }
        return new ToolResult(false, out.toString(), -1, false, Map.of("files", changes.size()));
    }

    private static FileChange check(Section section, ToolContext context) {
        boolean create = section.from().equals(DEV_NULL);
        boolean delete = section.to().equals(DEV_NULL);
        String name = delete ? section.from() : section.to();
        Path path = context.resolve(name);
        List<String> original;
        try {
            if (create) {
                if (Files.exists(path)) {
                    throw new ToolException("patch creates " + name + " but it already exists; nothing was changed");
                }
                original = List.of();
            } else {
                if (!Files.isRegularFile(path)) {
                    throw new ToolException("patch changes " + name + " but it does not exist; nothing was changed");
                }
                original = Files.readAllLines(path, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ToolException("cannot read " + name + ": " + e.getMessage() + "; nothing was changed", e);
        }
        List<String> diff = new ArrayList<>();
        diff.add("--- " + section.from());
        diff.add("+++ " + section.to());
        diff.addAll(section.lines());
        Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(diff);
        if (patch.getDeltas().isEmpty()) {
            throw new ToolException("patch for " + name + " has no hunks; nothing was changed");
        }
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            VerifyChunk verdict;
            try {
                verdict = delta.getSource().verifyChunk(original);
            } catch (PatchFailedException e) {
                verdict = VerifyChunk.CONTENT_DOES_NOT_MATCH_TARGET;
            }
            if (verdict != VerifyChunk.OK) {
                throw new ToolException("hunk at " + name + ":" + (delta.getSource().getPosition() + 1)
                    + " does not match the file (" + verdict.name().toLowerCase().replace('_', ' ')
                    + "); nothing was changed");
            }
        }
        List<String> result;
        try {
            result = patch.applyTo(original);
        } catch (PatchFailedException e) {
            throw new ToolException("patch for " + name + " does not apply: " + e.getMessage() + "; nothing was changed", e);
        }
        return new FileChange(name, path, result, delete, create);
    }

    private static List<Section> split(String text) {
        List<Section> sections = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (lines[i].startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ")) {
                String from = stripName(lines[i].substring(4));
                String to = stripName(lines[i + 1].substring(4));
                i += 2;
                List<String> body = new ArrayList<>();
                while (i < lines.length
                    && !(lines[i].startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ "))) {
                    body.add(lines[i]);
                    i++;
                }
                while (!body.isEmpty() && body.getLast().isEmpty()) {
                    body.removeLast();
                }
                sections.add(new Section(from, to, body));
            } else {
                i++;
            }
        }
        return sections;
    }

    private static String stripName(String header) {
        String name = header;
        int tab = name.indexOf('\t');
        if (tab >= 0) {
            name = name.substring(0, tab);
        }
        name = name.strip();
        if (name.equals(DEV_NULL)) {
            return name;
        }
        if (name.startsWith("a/") || name.startsWith("b/")) {
            name = name.substring(2);
        }
        return name;
    }
}
