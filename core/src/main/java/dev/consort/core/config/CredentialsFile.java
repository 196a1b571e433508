package dev.consort.core.config;

import dev.consort.spi.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ~/.config/consort/credentials.yaml}: a flat mapping of names to secrets, read only when a
 * reference is not in the environment, and refused unless only its owner can read it (mode 0600).
 */
public final class CredentialsFile {

    private final Path path;
    private final String shown;
    private Map<String, String> values;

    public CredentialsFile(Path path, String shown) {
        this.path = path;
        this.shown = shown;
    }

    /** How messages name the file. */
    public String shownPath() {
        return shown;
    }

    /** A secret by name, reading (and checking) the file on first use. */
    public synchronized Optional<String> lookup(String name) {
        if (values == null) {
            values = load();
        }
        return Optional.ofNullable(values.get(name));
    }

    private Map<String, String> load() {
        if (path == null || !Files.exists(path)) {
            return Map.of();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            Set<PosixFilePermission> tooOpen = EnumSet.copyOf(perms);
            tooOpen.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (!tooOpen.isEmpty()) {
                throw new ConfigException(shown, "refused: the credentials file must be readable by its owner only;"
                        + " run: chmod 600 " + shown);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new ConfigException(shown, "cannot read: " + e.getMessage());
        }
        ConfigNode.Mapping root = YamlTreeReader.read(path, shown);
        Map<String, String> out = new java.util.HashMap<>();
        root.entries().forEach((k, v) -> {
            if (!(v instanceof ConfigNode.Scalar s) || s.value() == null) {
                throw new ConfigException(root.locationOf(k).toString(), "credential '" + k + "' must be a plain value");
            }
            out.put(k, s.value());
        });
        return out;
    }
}
