package dev.consort.spi.backend;

/**
 * The provider is overloaded (HTTP 529, 503, or an {@code overloaded_error} event). Retryable.
 *
 * @since 1.0
 */
public final class OverloadedException extends BackendException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's name; not null
     * @param message    one line; not null
     * @param httpStatus the HTTP status, or 0
     * @param cause      the cause; may be null
     */
    public OverloadedException(String backend, String message, int httpStatus, Throwable cause) {
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
        return "overloaded";
    }
}
