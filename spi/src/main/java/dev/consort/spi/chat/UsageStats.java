package dev.consort.spi.chat;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Aggregated usage: of one backend, a session, a project, or a lifetime.
 *
 * <p>Immutable and thread-safe; combine with {@link #plus(UsageStats)}.
 *
 * @param requests         calls made; not negative
 * @param promptTokens     input tokens; not negative
 * @param completionTokens output tokens; not negative
 * @param costUsd          cost in US dollars; not null, not negative
 * @param errors           calls that failed; not negative
 * @param estimated        true when any figure in the sum was estimated rather than reported
 * @since 1.0
 */
public record UsageStats(long requests, long promptTokens, long completionTokens, BigDecimal costUsd,
                         long errors, boolean estimated) {

    /** Nothing at all. */
    public static final UsageStats ZERO = new UsageStats(0, 0, 0, BigDecimal.ZERO, 0, false);

    /** Validates the components. */
    public UsageStats {
        Checks.notNegative(requests, "requests");
        Checks.notNegative(promptTokens, "promptTokens");
        Checks.notNegative(completionTokens, "completionTokens");
        Checks.notNegative(errors, "errors");
        if (costUsd == null) {
            throw new IllegalArgumentException("costUsd is null");
        }
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("costUsd is negative: " + costUsd);
        }
    }

    /**
     * The stats of one call.
     *
     * @param usage   the call's tokens; not null
     * @param costUsd its cost; not null
     * @param failed  whether it failed
     * @return the stats
     */
    public static UsageStats of(Usage usage, BigDecimal costUsd, boolean failed) {
        Objects.requireNonNull(usage, "usage is null");
        return new UsageStats(1, usage.promptTokens(), usage.completionTokens(), costUsd, failed ? 1 : 0,
                !usage.exact());
    }

    /**
     * The sum of this and another.
     *
     * @param other the other stats; not null
     * @return a new sum
     */
    public UsageStats plus(UsageStats other) {
        Objects.requireNonNull(other, "other is null");
        return new UsageStats(requests + other.requests, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, costUsd.add(other.costUsd), errors + other.errors,
                estimated || other.estimated);
    }
}
