package dev.consort.spi.tool;

/**
 * A tool call that cannot run as asked: a path outside the sandbox, bad arguments, a refused file.
 * The runner turns it into an error {@link ToolResult} for the model. The message is one line.
 *
 * @since 1.0
 */
public final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message one line; not null
     */
    public ToolException(String message) {
        super(message);
    }

    /**
     * Creates the failure with a cause.
     *
     * @param message one line; not null
     * @param cause   the cause; may be null
     */
    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
