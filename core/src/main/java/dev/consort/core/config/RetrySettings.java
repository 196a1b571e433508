package dev.consort.core.config;

import java.time.Duration;

/**
 * {@code routing.retry}: how often and how patiently one backend is asked again.
 *
 * @param attempts   tries per backend, at least 1
 * @param backoff    the first wait; later waits double, with full jitter
 * @param maxBackoff the longest wait
 */
public record RetrySettings(int attempts, Duration backoff, Duration maxBackoff) {

    public static final RetrySettings DEFAULT = new RetrySettings(3, Duration.ofMillis(250), Duration.ofSeconds(8));

    static RetrySettings from(LocatedConfig c) {
        c.checkKeys(java.util.Set.of("attempts", "backoff", "max_backoff"));
        int attempts = c.integer("attempts").orElse(DEFAULT.attempts());
        if (attempts < 1) {
            throw c.error("attempts", "must be at least 1, got " + attempts);
        }
        Duration backoff = c.duration("backoff").orElse(DEFAULT.backoff());
        Duration max = c.duration("max_backoff").orElse(DEFAULT.maxBackoff());
        if (max.compareTo(backoff) < 0) {
            throw c.error("max_backoff", "must not be shorter than backoff (" + backoff.toMillis() + " ms)");
        }
        return new RetrySettings(attempts, backoff, max);
    }
}
