package dev.consort.spi.backend;

/**
 * The answer did not have the asked shape (invalid JSON, schema mismatch, unusable tool-call arguments). Regenerating on the same backend may help once; so may another backend.
 *
 * @since 1.0
 */
public final class MalformedOutputException extends BackendException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's name; not null
     * @param message    one line; not null
     * @param httpStatus the HTTP status, or 0
     * @param cause      the cause; may be null
     */
    public MalformedOutputException(String backend, String message, int httpStatus, Throwable cause) {
        super(backend, message, httpStatus, cause);
    }

    /** {@inheritDoc} */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public String kind() {
        return "malformed_output";
    }
}
