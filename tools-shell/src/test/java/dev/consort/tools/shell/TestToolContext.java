package dev.consort.tools.shell;

import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A sandbox like core's: resolves through the real path of the deepest existing ancestor. */
record TestToolContext(Path sandboxRoot, Duration timeout, int maxOutputBytes, Map<String, String> environment,
                       Map<String, Object> settings) implements ToolContext {

    static TestToolContext of(Path root) throws IOException {
        return new TestToolContext(root.toRealPath(), Duration.ofSeconds(10), 64 * 1024,
            Map.of("PATH", "/usr/bin:/bin", "HOME", "/nowhere"), Map.of());
    }

    TestToolContext withSettings(Map<String, Object> s) {
        return new TestToolContext(sandboxRoot, timeout, maxOutputBytes, environment, s);
    }

    TestToolContext withCap(int cap) {
        return new TestToolContext(sandboxRoot, timeout, cap, environment, settings);
    }

    @Override
    public Path resolve(String given) {
        Path p = sandboxRoot.resolve(given).normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? p : existing.toRealPath().resolve(existing.relativize(p)).normalize();
            if (!real.startsWith(sandboxRoot)) {
                throw new ToolException("path escapes the sandbox: " + given);
            }
            return real;
        } catch (IOException e) {
            throw new ToolException("cannot resolve " + given, e);
        }
    }
}
