package dev.consort.core.tools;

import dev.consort.spi.tool.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The folder tools are confined to. A path is normalized, resolved against the root, and followed
 * through every symlink that exists along it; the result must stay under the root's real path, and an
 * existing target must be a regular file or a folder (no devices, pipes or sockets).
 */
public final class Sandbox {

    private final Path root;

    public Sandbox(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("the sandbox root " + root + " does not exist", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("the sandbox root " + root + " is not a folder");
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String given) {
        if (given == null || given.isBlank()) {
            throw new ToolException("an empty path");
        }
        Path p;
        try {
            Path raw = Path.of(given);
            p = (raw.isAbsolute() ? raw : root.resolve(raw)).normalize();
        } catch (InvalidPathException e) {
            throw new ToolException("not a valid path: " + e.getReason());
        }
        if (!p.startsWith(root)) {
            throw new ToolException("'" + given + "' is outside the sandbox " + root);
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new ToolException("'" + given + "' is outside the sandbox " + root);
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new ToolException("'" + given + "' leads through a broken link: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new ToolException("'" + given + "' leads outside the sandbox through a symbolic link");
        }
        Path resolved = real.resolve(existing.relativize(p)).normalize();
        if (Files.exists(resolved) && !Files.isRegularFile(resolved) && !Files.isDirectory(resolved)) {
            throw new ToolException("'" + given + "' is not a regular file or folder");
        }
        return resolved;
    }
}
