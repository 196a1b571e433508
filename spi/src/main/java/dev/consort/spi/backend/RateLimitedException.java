package dev.consort.spi.backend;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider refused the call for its rate limit or quota (HTTP 429). Retryable, after
 * {@link #retryAfter()} when the provider said how long.
 *
 * @since 1.0
 */
public final class RateLimitedException extends BackendException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the failure.
     *
     * @param backend    the backend's name; not null
     * @param message    one line; not null
     * @param retryAfter the wait the provider asked for; may be null
     * @param httpStatus the HTTP status, usually 429
     */
    public RateLimitedException(String backend, String message, Duration retryAfter, int httpStatus) {
        super(backend, message, httpStatus, null);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** {@inheritDoc} */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** {@inheritDoc} */
    @Override
    public String kind() {
        return "rate_limited";
    }
}
