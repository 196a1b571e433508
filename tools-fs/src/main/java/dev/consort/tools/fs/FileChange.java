package dev.consort.tools.fs;

import java.util.Objects;

/**
 * What a checked patch does to one file: its new content, or its removal.
 *
 * @param path     the resolved path inside the sandbox
 * @param shown    the path as the patch names it, for messages
 * @param original the content before, or null for a file the patch creates
 * @param content  the content after, or null for a file the patch deletes
 */
record FileChange(java.nio.file.Path path, String shown, byte[] original, byte[] content) {

    FileChange {
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(shown, "shown is null");
        if (original == null && content == null) {
            throw new IllegalArgumentException("a change needs content before or after: " + shown);
        }
    }

    boolean creates() {
        return original == null;
    }

    boolean deletes() {
        return content == null;
    }

    String summary() {
        return (creates() ? "A " : deletes() ? "D " : "M ") + shown;
    }
}
