package dev.consort.spi.tool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the tool runner gives one tool call: the sandbox and its limits. Thread-safe.
 *
 * @since 1.0
 */
public interface ToolContext {

    /**
     * The sandbox root: every path a tool touches must resolve under it.
     *
     * @return the real (symlink-free) absolute path; never null
     */
    Path sandboxRoot();

    /**
     * Resolves a path a model gave (relative to the root, or absolute inside it), following symlinks as
     * far as they exist, and refuses one that leaves the sandbox or names a device.
     *
     * @param path the path as given; not null
     * @return the absolute, normalized path inside the sandbox (it may not exist yet)
     * @throws ToolException when the path escapes the sandbox or is not a regular file or folder
     */
    Path resolve(String path);

    /**
     * How long this call may run before it is stopped.
     *
     * @return a positive duration; never null
     */
    Duration timeout();

    /**
     * The most output bytes this call may return; more is cut and marked truncated.
     *
     * @return a positive number
     */
    int maxOutputBytes();

    /**
     * The environment a child process may see: the allowed variables only, never secrets.
     *
     * @return the variables; never null
     */
    Map<String, String> environment();

    /**
     * The tool-specific settings from {@code tools.settings.<tool>}, as plain values.
     *
     * @return the settings; never null
     */
    Map<String, Object> settings();
}
