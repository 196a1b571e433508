package dev.consort.spi.backend;

/**
 * The prompt does not fit the backend's context window. Not retryable as is: shape the context, or use a backend with a larger window.
 *
 * @since 1.0
 */
public final class ContextLengthExceededException extends BackendException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's name; not null
     * @param message    one line; not null
     * @param httpStatus the HTTP status, or 0
     * @param cause      the cause; may be null
     */
    public ContextLengthExceededException(String backend, String message, int httpStatus, Throwable cause) {
        super(backend, message, httpStatus, cause);
    }

    /** {@inheritDoc} */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public String kind() {
        return "context_length_exceeded";
    }
}
