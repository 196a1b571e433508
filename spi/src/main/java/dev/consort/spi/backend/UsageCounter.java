package dev.consort.spi.backend;

import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend's own running totals, for {@link LLMBackend#usage()}. Lock-free and thread-safe.
 *
 * @since 1.0
 */
public final class UsageCounter {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean estimated;

    /** Creates a counter at zero. */
    public UsageCounter() {
    }

    /**
     * Counts a finished call.
     *
     * @param usage its tokens; not null
     */
    public void success(Usage usage) {
        requests.incrementAndGet();
        promptTokens.addAndGet(usage.promptTokens());
        completionTokens.addAndGet(usage.completionTokens());
        if (!usage.exact()) {
            estimated = true;
        }
    }

    /**
     * Counts a failed call, with what it spent before failing.
     *
     * @param usage tokens spent; not null ({@link Usage#ZERO} when unknown)
     */
    public void failure(Usage usage) {
        success(usage);
        errors.incrementAndGet();
    }

    /**
     * The totals so far.
     *
     * @return the totals, cost zero; never null
     */
    public UsageStats snapshot() {
        return new UsageStats(requests.get(), promptTokens.get(), completionTokens.get(), BigDecimal.ZERO,
                errors.get(), estimated);
    }
}
