package dev.consort.spi.backend;

/**
 * The provider refused the credentials (HTTP 401 or 403). Not retryable; another backend may answer.
 *
 * @since 1.0
 */
public final class AuthenticationException extends BackendException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's name; not null
     * @param message    one line; not null
     * @param httpStatus the HTTP status, or 0
     * @param cause      the cause; may be null
     */
    public AuthenticationException(String backend, String message, int httpStatus, Throwable cause) {
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
        return "authentication";
    }
}
