package dev.consort.core.tools;

import dev.consort.spi.tool.ToolContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The sandbox and limits of one tool call. */
record SandboxContext(Sandbox sandbox, Duration timeout, int maxOutputBytes, Map<String, String> environment,
                      Map<String, Object> settings) implements ToolContext {

    SandboxContext {
        environment = Map.copyOf(environment);
        settings = Map.copyOf(settings);
    }

    @Override
    public Path sandboxRoot() {
        return sandbox.root();
    }

    @Override
    public Path resolve(String path) {
        return sandbox.resolve(path);
    }
}
