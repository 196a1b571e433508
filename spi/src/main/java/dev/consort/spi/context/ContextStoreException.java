package dev.consort.spi.context;

/**
 * A context store failed: the database is unreachable, corrupt, locked too long or not ours. The
 * message is one line naming the store (and file, where there is one).
 *
 * @since 1.0
 */
public final class ContextStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message one line; not null
     * @param cause   the cause; may be null
     */
    public ContextStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
