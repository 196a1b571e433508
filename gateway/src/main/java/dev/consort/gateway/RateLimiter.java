package dev.consort.gateway;

import dev.consort.core.api.GatewaySettings;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code requests} tokens, refilled evenly over {@code per}; bursts up to the full bucket.
 * Thread-safe.
 */
final class RateLimiter {

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    RateLimiter(GatewaySettings.RateLimit limit, LongSupplier nanoTime) {
        this.capacity = limit.requests();
        this.tokensPerNano = limit.requests() / (double) limit.per().toNanos();
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    /**
     * Takes one request's token.
     *
     * @return 0 when taken, else the whole seconds to wait before one is available (at least 1)
     */
    synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double waitNanos = (1 - tokens) / tokensPerNano;
        return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
}
