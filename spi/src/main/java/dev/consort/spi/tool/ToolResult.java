package dev.consort.spi.tool;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a tool call produced, sent back to the model as the tool message.
 *
 * <p>Immutable and thread-safe.
 *
 * @param error     true when the call failed (the content then says why, for the model)
 * @param content   the output text; not null
 * @param exitCode  a process's exit code, or -1 when the tool runs no process
 * @param truncated true when output was cut at the cap
 * @param data      structured results for programs (counts, paths), as plain values; never null
 * @since 1.0
 */
public record ToolResult(boolean error, String content, int exitCode, boolean truncated, Map<String, Object> data) {

    /** Validates and copies the components. */
    public ToolResult {
        Objects.requireNonNull(content, "content is null");
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /**
     * A successful result.
     *
     * @param content the output; not null
     * @return the result
     */
    public static ToolResult ok(String content) {
        return new ToolResult(false, content, -1, false, Map.of());
    }

    /**
     * A failed result, reported to the model rather than thrown.
     *
     * @param message what went wrong; not null
     * @return the result
     */
    public static ToolResult failure(String message) {
        return new ToolResult(true, message, -1, false, Map.of());
    }

    /**
     * The exit code, where a process ran.
     *
     * @return the code, if any
     */
    public OptionalInt exitCodeIfAny() {
        return exitCode < 0 ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * A structured value.
     *
     * @param key the key; not null
     * @return the value, if present
     */
    public Optional<Object> datum(String key) {
        return Optional.ofNullable(data.get(key));
    }
}
