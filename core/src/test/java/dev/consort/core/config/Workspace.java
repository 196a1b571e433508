package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.plugin.PluginLoader;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.spi.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * A project folder, a home folder and an environment, all under a test's temporary folder: nothing
 * here reads the real home or the process environment.
 */
public final class Workspace {

    public final Path root;
    public final Path work;
    public final Path home;
    public final Map<String, String> env = new HashMap<>();

    public Workspace(Path tmp) {
        this.root = tmp;
        this.work = tmp.resolve("project");
        this.home = tmp.resolve("home");
        try {
            Files.createDirectories(work);
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code consort.yaml} in the project folder. */
    public Path project(String yaml) {
        return write(work.resolve("consort.yaml"), yaml);
    }

    /** Writes the global file where it is looked for now ({@code $XDG_CONFIG_HOME} honoured). */
    public Path global(String yaml) {
        return write(sources().userConfigDir().resolve("config.yaml"), yaml);
    }

    /** Writes the credentials file with the given mode, such as {@code rw-------}. */
    public Path credentials(String yaml, String mode) {
        Path p = write(sources().userConfigDir().resolve("credentials.yaml"), yaml);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ConfigSources sources() {
        return new ConfigSources(work, null, home, env::get);
    }

    public ConsortConfig load() {
        return ConfigLoader.load(sources());
    }

    /** Loads and validates against the providers on the class path (no backend types there). */
    public ConsortConfig loadAndValidate() {
        ConsortConfig c = load();
        ConfigValidator.validate(c, registry());
        return c;
    }

    public static ProviderRegistry registry() {
        return PluginLoader.load(null, "plugins");
    }

    /** The error that loading (and validating) gives, checked to be one line. */
    public ConfigException failure() {
        ConfigException e = assertThrows(ConfigException.class, this::loadAndValidate);
        assertOneLine(e);
        return e;
    }

    public static void assertOneLine(ConfigException e) {
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"),
                "not one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(e.location()), e.getMessage());
    }
}
