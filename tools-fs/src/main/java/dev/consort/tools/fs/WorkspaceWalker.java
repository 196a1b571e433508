package dev.consort.tools.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Walks a folder in name order, skipping .git and what .gitignore files ignore; never follows symlinks. */
final class WorkspaceWalker {

    /**
     * One entry found.
     *
     * @param path     the absolute path (not resolved: a symbolic link stays a link)
     * @param relative the path relative to the sandbox root, '/'-separated
     * @param folder   true for a real folder (a link to a folder is not one, and is never entered)
     * @param link     true for a symbolic link; whoever reads through it must resolve it in the sandbox first
     * @param depth    1 for a direct child of the start folder
     */
    record Entry(Path path, String relative, boolean folder, boolean link, int depth) {
    }

    /** Receives entries; returns false to stop the walk. */
    interface Visitor {
        boolean visit(Entry entry) throws IOException;
    }

    private final Path root;

    WorkspaceWalker(Path root) {
        this.root = root;
    }

    void walk(Path start, int maxDepth, Visitor visitor) throws IOException {
        IgnoreRules rules = IgnoreRules.EMPTY;
        // Rules of the folders between the root and the start folder apply too.
        Path current = root;
        rules = rules.enter(current, "");
        if (!start.equals(root)) {
            for (Path part : root.relativize(start)) {
                current = current.resolve(part);
                if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    rules = rules.enter(current, FileChecks.relative(root, current));
                }
            }
        }
        walk(start, 1, maxDepth, rules, visitor);
    }

    private boolean walk(Path folder, int depth, int maxDepth, IgnoreRules rules, Visitor visitor) throws IOException {
        List<Path> children = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.sorted(Comparator.comparing(p -> p.getFileName().toString())).forEach(children::add);
        }
        for (Path child : children) {
            boolean isFolder = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            String relative = FileChecks.relative(root, child);
            if (rules.ignored(relative, isFolder)) {
                continue;
            }
            boolean link = Files.isSymbolicLink(child);
            if (!visitor.visit(new Entry(child, relative, isFolder, link, depth))) {
                return false;
            }
            if (isFolder && depth < maxDepth) {
                if (!walk(child, depth + 1, maxDepth, rules.enter(child, relative), visitor)) {
                    return false;
                }
            }
        }
        return true;
    }
}
