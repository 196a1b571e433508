package dev.consort.spi.backend;

/**
 * The provider refused the request as invalid (HTTP 400, 404 unknown model, 422). Not retryable on the same backend; another backend may accept it.
 *
 * @since 1.0
 */
public final class InvalidRequestException extends BackendException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's name; not null
     * @param message    one line; not null
     * @param httpStatus the HTTP status, or 0
     * @param cause      the cause; may be null
     */
    public InvalidRequestException(String backend, String message, int httpStatus, Throwable cause) {
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
        return "invalid_request";
    }
}
