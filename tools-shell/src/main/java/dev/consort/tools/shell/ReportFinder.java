package dev.consort.tools.shell;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds test reports under a folder: files matching one of the globs (over the '/'-separated path relative to
 * the folder; a leading {@code **}{@code /} also matches at the top) and modified since a run started. Does not
 * follow links; skips {@code .git} and {@code node_modules}.
 */
final class ReportFinder {

    static final List<String> DEFAULT_GLOBS = List.of("**/target/surefire-reports/TEST-*.xml",
        "**/build/test-results/**/*.xml");

    private static final Set<String> SKIPPED = Set.of(".git", "node_modules");
    private static final int MAX_DEPTH = 16;

    private ReportFinder() {
    }

    static List<Path> find(Path root, List<String> globs, Instant since) throws IOException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            if (glob.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        // File systems with coarse time stamps (whole seconds) would otherwise hide reports written at once.
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED.contains(String.valueOf(dir.getFileName())) && !dir.equals(root)
                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !attrs.lastModifiedTime().toInstant().isBefore(from)) {
                    Path relative = root.relativize(file);
                    if (matchers.stream().anyMatch(m -> m.matches(relative))) {
                        found.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }
}
