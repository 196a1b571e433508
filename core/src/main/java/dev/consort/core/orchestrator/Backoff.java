package dev.consort.core.orchestrator;

import dev.consort.core.config.RetrySettings;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before try n+1 wait a random time in
 * [0, min(max_backoff, backoff * 2^(n-1))]; a provider's Retry-After is honoured exactly, unless it is
 * longer than max_backoff, in which case the backend is given up for this call.
 */
final class Backoff {

    private final RetrySettings settings;
    private final RandomGenerator random;

    Backoff(RetrySettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
    }

    /** How long to wait after failed try {@code attempt}, or empty to stop trying this backend. */
    Optional<Duration> after(int attempt, Optional<Duration> retryAfter) {
        if (attempt >= settings.attempts()) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(settings.maxBackoff()) <= 0 ? retryAfter : Optional.empty();
        }
        long base = settings.backoff().toMillis();
        long cap = Math.min(settings.maxBackoff().toMillis(), base << Math.min(30, attempt - 1));
        return Optional.of(Duration.ofMillis(cap <= 0 ? 0 : random.nextLong(cap + 1)));
    }
}
