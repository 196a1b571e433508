package dev.consort.tools.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file through a temporary sibling and an atomic rename, so a reader sees the old content or the
 * new one, never half of either. Concurrent writers to one file each use their own temporary file; the last
 * rename wins. An existing file keeps its permissions.
 */
final class AtomicWriter {

    private AtomicWriter() {
    }

    static void write(Path file, byte[] content) throws IOException {
        Path parent = file.getParent();
        Files.createDirectories(parent);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file.getFileName() + " is a folder");
        }
        // Not Files.createTempFile: it would make the file 0600, and the rename would carry that mode over.
        Path temp = parent.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            keepPermissions(file, temp);
            // In one folder a rename never crosses file systems, so ATOMIC_MOVE is always supported.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void keepPermissions(Path existing, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (view == null || !Files.exists(existing)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(existing);
        view.setPermissions(permissions);
    }
}
