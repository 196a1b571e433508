package dev.consort.spi.backend;

/**
 * The call failed on the way: connection refused or reset, a time-out, a stream cut before its end, or
 * a chunk that could not be parsed. Retryable.
 *
 * @since 1.0
 */
public final class TransportException extends BackendException {

    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    /**
     * Creates the failure.
     *
     * @param backend the backend's name; not null
     * @param message one line; not null
     * @param timeout whether a time-out caused it
     * @param cause   the cause; may be null
     */
    public TransportException(String backend, String message, boolean timeout, Throwable cause) {
        super(backend, message, 0, cause);
        this.timeout = timeout;
    }

    /**
     * Tells whether a time-out caused this failure.
     *
     * @return true for a connect or read time-out
     */
    public boolean timeout() {
        return timeout;
    }

    /** {@inheritDoc} */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public String kind() {
        return timeout ? "timeout" : "transport";
    }
}
