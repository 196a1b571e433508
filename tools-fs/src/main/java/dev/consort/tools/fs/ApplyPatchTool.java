package dev.consort.tools.fs;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * apply_patch: applies a unified diff to one or more files, all or nothing. Every hunk of every file is checked
 * in memory first; only then is each file written atomically (or deleted). Should a write fail half-way, the
 * files already written are put back.
 */
final class ApplyPatchTool implements Tool {

    @Override
    public String name() {
        return "apply_patch";
    }

    @Override
    public String description() {
        return "Applies a unified diff (as from 'git diff' or 'diff -u'; one or more files; '--- /dev/null' creates a file,"
            + " '+++ /dev/null' deletes one). All or nothing: if any hunk does not match, no file changes and the"
            + " result names the file and line. Hunks may sit at other line numbers if their context matches exactly.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "patch":{"type":"string","minLength":1,"description":"the unified diff text"}},
             "required":["patch"],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.WRITE;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        String patch = Arguments.parse(argumentsJson).requireString("patch");
        List<FileChange> changes;
        try {
            changes = PatchPlan.check(patch, context).changes();
        } catch (PatchRejectedException e) {
            return ToolResult.failure("patch rejected: " + e.getMessage());
        }
        List<FileChange> done = new ArrayList<>();
        for (FileChange change : changes) {
            try {
                commit(change);
                done.add(change);
            } catch (IOException e) {
                String undo = rollBack(done);
                return ToolResult.failure("patch failed while writing " + change.shown() + " (" + e.getMessage() + "); "
                    + undo);
            }
        }
        StringBuilder out = new StringBuilder("applied patch to ").append(changes.size())
            .append(changes.size() == 1 ? " file:\n" : " files:\n");
        changes.forEach(c -> out.append(c.summary()).append('\n'));
        return new ToolResult(false, out.toString(), -1, false,
            Map.of("files", changes.stream().map(FileChange::shown).toList()));
    }

    private static void commit(FileChange change) throws IOException {
        if (change.deletes()) {
            Files.delete(change.path());
        } else {
            AtomicWriter.write(change.path(), change.content());
        }
    }

    private static String rollBack(List<FileChange> done) {
        List<String> stuck = new ArrayList<>();
        for (FileChange change : done.reversed()) {
            try {
                if (change.creates()) {
                    Files.deleteIfExists(change.path());
                } else {
                    AtomicWriter.write(change.path(), change.original());
                }
            } catch (IOException e) {
                stuck.add(change.shown());
            }
        }
        return stuck.isEmpty()
            ? "the files already written were restored"
            : "could not restore " + String.join(", ", stuck) + "; check them";
    }
}
