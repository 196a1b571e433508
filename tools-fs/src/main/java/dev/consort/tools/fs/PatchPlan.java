package dev.consort.tools.fs;

import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a unified diff against the sandbox without writing anything: every hunk of every file must apply
 * (at its line or at an offset, with exact context) before {@link #changes()} is known. Files a patch names
 * twice see the first diff's result. Not thread-safe; one plan per call.
 */
final class PatchPlan {

    private static final String DEV_NULL = "/dev/null";

    /** A file's state while the plan is checked: what is on disk, and what the patch makes of it so far. */
    private static final class Staged {
        final String shown;
        final byte[] original;
        TextLines current;

        Staged(String shown, byte[] original, TextLines current) {
            this.shown = shown;
            this.original = original;
            this.current = current;
        }
    }

    private final ToolContext context;
    private final Map<Path, Staged> staged = new LinkedHashMap<>();

    private PatchPlan(ToolContext context) {
        this.context = context;
    }

    /**
     * Parses and checks a patch.
     *
     * @throws PatchRejectedException when the patch cannot be parsed or one of its hunks does not apply
     * @throws ToolException          when a path leaves the sandbox
     */
    static PatchPlan check(String patchText, ToolContext context) throws PatchRejectedException {
        UnifiedDiff diff;
        try {
            diff = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(patchText.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new PatchRejectedException("the patch is not a readable unified diff: " + e.getMessage(), e);
        }
        if (diff.getFiles().isEmpty()) {
            throw new PatchRejectedException("the patch holds no file diff (expected '--- a/file', '+++ b/file' and '@@' hunks)");
        }
        PatchPlan plan = new PatchPlan(context);
        for (UnifiedDiffFile file : diff.getFiles()) {
            plan.apply(file);
        }
        return plan;
    }

    /** The changes, in the order the patch first names each file; files left as they were are omitted. */
    List<FileChange> changes() {
        List<FileChange> changes = new ArrayList<>();
        staged.forEach((path, state) -> {
            byte[] after = state.current == null ? null : state.current.bytes();
            if (state.original == null && after == null) {
                return;
            }
            if (state.original != null && after != null && java.util.Arrays.equals(state.original, after)) {
                return;
            }
            changes.add(new FileChange(path, state.shown, state.original, after));
        });
        return changes;
    }

    private void apply(UnifiedDiffFile file) throws PatchRejectedException {
        String from = file.getFromFile();
        String to = file.getToFile();
        if (from == null || to == null || (DEV_NULL.equals(from) && DEV_NULL.equals(to))) {
            throw new PatchRejectedException("a file diff lacks its '---' or '+++' line");
        }
        boolean creates = DEV_NULL.equals(from);
        boolean deletes = DEV_NULL.equals(to);
        String sourceName = creates ? to : from;
        Staged source = state(sourceName);
        if (creates && source.current != null) {
            throw new PatchRejectedException(to + ":1: the patch creates this file but it already exists; nothing was changed");
        }
        if (!creates && source.current == null) {
            throw new PatchRejectedException(from + ": the patch changes this file but it does not exist; nothing was changed");
        }
        TextLines before = creates ? TextLines.EMPTY : source.current;
        List<String> after = patched(sourceName, file.getPatch(), before.lines());
        if (deletes) {
            if (!after.isEmpty()) {
                throw new PatchRejectedException(from + ":" + (after.size()) + ": the patch deletes this file but leaves "
                    + after.size() + " of its lines; nothing was changed");
            }
            source.current = null;
            return;
        }
        TextLines result = creates
            ? new TextLines(after, false, !file.isNoNewLineAtTheEndOfTheFile())
            : before.with(after);
        if (creates || sourceName.equals(to)) {
            source.current = result;
            return;
        }
        Staged target = state(to);
        if (target.current != null) {
            throw new PatchRejectedException(to + ":1: the patch renames " + from + " to this file but it already exists;"
                + " nothing was changed");
        }
        source.current = null;
        target.current = result;
    }

    private Staged state(String shown) throws PatchRejectedException {
        Path path = context.resolve(shown);
        Staged known = staged.get(path);
        if (known != null) {
            return known;
        }
        Staged fresh;
        if (!Files.exists(path)) {
            fresh = new Staged(shown, null, null);
        } else if (!Files.isRegularFile(path)) {
            throw new PatchRejectedException(shown + ": not a regular file; nothing was changed");
        } else {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new PatchRejectedException(shown + ": cannot be read (" + e.getMessage() + "); nothing was changed", e);
            }
            if (FileChecks.isBinary(bytes)) {
                throw new PatchRejectedException(shown + ": a binary file cannot be patched; nothing was changed");
            }
            fresh = new Staged(shown, bytes, TextLines.parse(bytes));
        }
        staged.put(path, fresh);
        return fresh;
    }

    private static List<String> patched(String shown, Patch<String> patch, List<String> lines) throws PatchRejectedException {
        try {
            return patch.applyFuzzy(lines, 0);
        } catch (PatchFailedException | RuntimeException whole) {
            // The library says only that some hunk failed; try each alone to name the first one that does not fit.
            List<AbstractDelta<String>> deltas = patch.getDeltas();
            for (int i = 0; i < deltas.size(); i++) {
                Patch<String> single = new Patch<>();
                single.addDelta(deltas.get(i));
                try {
                    single.applyFuzzy(lines, 0);
                } catch (PatchFailedException | RuntimeException one) {
                    throw rejected(shown, i, deltas.size(), deltas.get(i), lines);
                }
            }
            throw new PatchRejectedException(shown + ": the hunks overlap or conflict with each other ("
                + whole.getMessage() + "); nothing was changed", whole);
        }
    }

    private static PatchRejectedException rejected(String shown, int index, int count, AbstractDelta<String> delta,
            List<String> lines) {
        Chunk<String> source = delta.getSource();
        Chunk<String> target = delta.getTarget();
        int line = source.getPosition() + 1;
        String header = "@@ -" + line + "," + source.size() + " +" + (target.getPosition() + 1) + "," + target.size() + " @@";
        String expected = source.getLines().isEmpty() ? "" : source.getLines().getFirst();
        String found = source.getPosition() < lines.size() ? lines.get(source.getPosition()) : "(end of file)";
        return new PatchRejectedException(shown + ":" + line + ": hunk " + (index + 1) + " of " + count + " (" + header
            + ") does not match the file (expected " + quote(expected) + ", found " + quote(found)
            + " and no matching place nearby); nothing was changed");
    }

    private static String quote(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return "'" + cut + "'";
    }
}
