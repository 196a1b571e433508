package dev.consort.backend.local.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.args.LogFormat;
import dev.consort.spi.backend.TransportException;
import java.util.Locale;

/**
 * Loads llama.cpp's native library once per process and silences its logging, which would otherwise go
 * to standard error through the CLI's output. Thread-safe.
 */
final class NativeEngine {

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
}
