package dev.consort.tools.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells text from binary and names paths relative to the sandbox root. */
final class FileChecks {

    static final int SNIFF_BYTES = 8192;

    private FileChecks() {
    }

    /** A file is binary when its first 8 KiB hold a NUL byte, as git and grep decide. */
    static boolean isBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isBinary(in.readNBytes(SNIFF_BYTES));
        }
    }

    static boolean isBinary(byte[] content) {
        int end = Math.min(content.length, SNIFF_BYTES);
        for (int i = 0; i < end; i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
