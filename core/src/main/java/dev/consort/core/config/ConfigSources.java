package dev.consort.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where configuration comes from: the user's global file ({@code $XDG_CONFIG_HOME/consort/config.yaml},
 * else {@code ~/.config/consort/config.yaml}), the project's file ({@code consort.yaml} in the working
 * directory, or the one given with {@code --config}), the credentials file beside the global one, and
 * the environment.
 *
 * @param workingDir  the directory the command runs in
 * @param explicit    the file given with {@code --config}, if any
 * @param home        the user's home
 * @param environment the environment variables
 */
public record ConfigSources(Path workingDir, Path explicit, Path home, Function<String, String> environment) {

    /** The sources of this process. */
    public static ConfigSources ofProcess(Path explicit) {
        Map<String, String> env = System.getenv();
        return new ConfigSources(Path.of("").toAbsolutePath(), explicit, userHome(), env::get);
    }

    /** The user's home: $HOME when set (as shells and tests expect), else the JVM's user.home. */
    public static Path userHome() {
        String home = System.getenv("HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    /** The user's Consort configuration folder. */
    public Path userConfigDir() {
        String xdg = environment.apply("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("consort");
    }

    /** The user's Consort cache folder. */
    public Path userCacheDir() {
        String xdg = environment.apply("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("consort");
    }

    /** The user's data folder for Consort ({@code ~/.local/share/consort}, honouring XDG_DATA_HOME). */
    public Path userDataDir() {
        String xdg = environment.apply("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return base.resolve("consort");
    }

    /** The global file, if it exists. */
    public Optional<Path> globalFile() {
        Path p = userConfigDir().resolve("config.yaml");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The project file: the explicit one (which must exist), else {@code consort.yaml} if present. */
    public Optional<Path> projectFile() {
        if (explicit != null) {
            return Optional.of(workingDir.resolve(explicit).normalize());
        }
        Path p = workingDir.resolve("consort.yaml");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The project folder: where the project file is, else the working directory. */
    public Path projectDir() {
        return projectFile().map(p -> p.toAbsolutePath().getParent()).orElse(workingDir);
    }

    /** The credentials file. */
    public CredentialsFile credentials() {
        Path p = userConfigDir().resolve("credentials.yaml");
        return new CredentialsFile(p, shown(p));
    }

    /** How messages name a file: relative to the working directory when inside it, with ~ for home. */
    public String shown(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith(workingDir)) {
            return workingDir.relativize(abs).toString();
        }
        if (abs.startsWith(home)) {
            return "~/" + home.relativize(abs);
        }
        return abs.toString();
    }
}
