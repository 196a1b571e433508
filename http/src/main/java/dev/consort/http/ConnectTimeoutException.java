package dev.consort.http;

import java.net.SocketTimeoutException;

/**
 * A connection could not be made within the client's connect time-out. A {@link SocketTimeoutException}
 * (so an {@link java.io.InterruptedIOException}), told apart from a read time-out by its type.
 *
 * @since 0.1
 */
public final class ConnectTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    /**
     * Makes one.
     *
     * @param message what could not be reached in how long; may be null
     */
    public ConnectTimeoutException(String message) {
        super(message);
    }
}
