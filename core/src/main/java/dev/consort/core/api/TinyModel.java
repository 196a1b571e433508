package dev.consort.core.api;

import dev.consort.core.model.TinyGgufWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * The tiny random model: a llama-architecture GGUF file of under 1 MB with random weights, made on the
 * spot, so the embedded {@code llamacpp} backend runs with no download. Its output is noise; it exists
 * for smoke tests ({@code consort model tiny}) and for tests of the engine's mechanics.
 *
 * <p>Thread-safe: concurrent writers of one path each write a temporary file and move it into place.
 *
 * @since 1.0
 */
public final class TinyModel {

    private TinyModel() {
    }

    /**
     * Writes the model, replacing any file at {@code target}. Creates missing parent folders. The file
     * appears whole or not at all (written beside the target, then moved). The same seed gives the same
     * bytes.
     *
     * @param target where to write it; not null
     * @param seed   the seed of the random weights
     * @return {@code target}
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Path write(Path target, long seed) {
        Objects.requireNonNull(target, "target is null");
        Path absolute = target.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(absolute.getParent());
            temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            Files.write(temporary, TinyGgufWriter.generate(seed));
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            deleteAfterFailure(temporary, e);
            throw new UncheckedIOException("cannot write the tiny model to " + absolute + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the model lives in a cache folder: {@code <cacheDir>/models/tiny-random.gguf}.
     *
     * @param cacheDir Consort's cache folder ({@code ~/.cache/consort}); not null
     * @return the path; never null
     */
    public static Path defaultPath(Path cacheDir) {
        Objects.requireNonNull(cacheDir, "cacheDir is null");
        return cacheDir.resolve("models").resolve("tiny-random.gguf");
    }

    private static void deleteAfterFailure(Path temporary, IOException failure) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
