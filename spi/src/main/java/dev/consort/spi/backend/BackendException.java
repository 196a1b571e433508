package dev.consort.spi.backend;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed failure of a backend call. Each subtype says what the caller may do about it:
 * {@link #retryable()} (the same backend may succeed if asked again, after {@link #retryAfter()} if
 * given) and {@link #fallbackMayHelp()} (another backend may succeed).
 *
 * <p>Messages are one line, name the backend and never contain a secret.
 *
 * @since 1.0
 */
public abstract sealed class BackendException extends RuntimeException
        permits RateLimitedException, OverloadedException, ServerErrorException, TransportException,
        ContextLengthExceededException, AuthenticationException, InvalidRequestException, MalformedOutputException {

    private static final long serialVersionUID = 1L;

    private final String backend;
    private final int httpStatus;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's configured name; not null
     * @param message    one line saying what happened; not null
     * @param httpStatus the HTTP status that carried it, or 0
     * @param cause      the underlying cause; may be null
     */
    protected BackendException(String backend, String message, int httpStatus, Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause);
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.httpStatus = httpStatus;
    }

    /**
     * The backend that failed.
     *
     * @return its configured name; never null
     */
    public String backend() {
        return backend;
    }

    /**
     * The HTTP status, where the failure came in an HTTP response.
     *
     * @return the status, or 0
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Tells whether asking the same backend again may succeed.
     *
     * @return true for transient failures
     */
    public abstract boolean retryable();

    /**
     * Tells whether another backend may succeed where this one failed.
     *
     * @return true unless the request itself is at fault for every backend
     */
    public boolean fallbackMayHelp() {
        return true;
    }

    /**
     * How long the provider asked us to wait before retrying.
     *
     * @return the wait, if the provider gave one
     */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /**
     * A short kind name for logs and attempt records ({@code rate_limited}, {@code transport}, ...).
     *
     * @return the kind; never null
     */
    public abstract String kind();
}
