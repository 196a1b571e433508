package dev.consort.core.api;

import java.util.Objects;

/**
 * A plugin that could not be loaded, or a provider of it that was refused. Other plugins load anyway.
 *
 * @param source  the jar or folder, as shown to users
 * @param message one line: what happened and what to do
 */
public record PluginProblem(String source, String message) {

    public PluginProblem {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
