package dev.consort.backend.local.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.args.LogFormat;
import dev.consort.spi.backend.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads llama.cpp's native library once per process and silences its logging, which would otherwise go
 * to standard error through the CLI's output. Thread-safe.
 *
 * <p>The library is extracted from the binding's jar by this class into a private temporary folder
 * named to the binding through {@code de.kherud.llama.lib.path}: the binding's own extraction announces
 * itself on standard output, which would corrupt {@code consort ask --json}.
 */
final class NativeEngine {

    private static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";

    private static String failure;
    private static boolean loaded;

    private NativeEngine() {
    }

    /**
     * Loads the library if needed.
     *
     * @param backend the backend asking, named in the failure
     * @throws TransportException when the library cannot load on this platform
     */
    static synchronized void ensureLoaded(String backend) {
        if (loaded) {
            return;
        }
        if (failure == null) {
            try {
                extractQuietly();
                LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
                });
                loaded = true;
                return;
            } catch (LinkageError e) {
                failure = "llama.cpp's native library does not load on " + platform() + " (" + e.getMessage()
                        + "); use an ollama or openai backend on this machine";
            }
        }
        throw new TransportException(backend, failure, false, null);
    }

    /** The platform, as {@code os.name/os.arch}. */
    static String platform() {
        return System.getProperty("os.name", "?").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch", "?");
    }

    // Leaves the property alone when the user set it, and falls back to the binding's own extraction when
    // the jar has no library for this platform (the binding then fails with its own message).
    private static void extractQuietly() {
        if (System.getProperty(LIB_PATH_PROPERTY) != null) {
            return;
        }
        String name = System.mapLibraryName("jllama");
        String resource = "/de/kherud/llama/" + folder() + "/" + name;
        try (InputStream in = LlamaModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            Path dir = Files.createTempDirectory("consort-llama");
            Path lib = dir.resolve(name);
            Files.copy(in, lib);
            lib.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.setProperty(LIB_PATH_PROPERTY, dir.toString());
        } catch (IOException e) {
            // the binding extracts it itself then, only less quietly
        }
    }

    /** The binding's resource folder for this platform ({@code Linux/x86_64}). */
    private static String folder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osFolder = os.contains("win") ? "Windows" : os.contains("mac") || os.contains("darwin") ? "Mac" : "Linux";
        String archFolder = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "x86";
            default -> arch;
        };
        return osFolder + "/" + archFolder;
    }
}
