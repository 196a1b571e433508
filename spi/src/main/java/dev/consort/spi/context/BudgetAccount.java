package dev.consort.spi.context;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One budget in its current period, as {@link SharedBudgets} checks it: what it covers and its limits.
 *
 * @param name          the budget's name, the same in every instance ({@code project}, {@code backend planner});
 *                      not blank
 * @param backend       the one backend it covers, or null for every backend
 * @param periodStart   the first instant of its current period ({@link Instant#EPOCH} for a budget over all
 *                      time); usage from then on counts; not null
 * @param limitUsd      dollars it allows, or null for no dollar limit; not negative
 * @param limitRequests calls it allows, or null for no limit; not negative
 * @param limitTokens   tokens (prompt plus completion) it allows, or null for no limit; not negative
 * @since 1.0
 */
public record BudgetAccount(String name, String backend, Instant periodStart, BigDecimal limitUsd, Long limitRequests,
                            Long limitTokens) {

    /** Validates the components. */
    public BudgetAccount {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is blank");
        }
        Objects.requireNonNull(periodStart, "periodStart is null");
        if (limitUsd != null && limitUsd.signum() < 0) {
            throw new IllegalArgumentException("limitUsd is negative: " + limitUsd);
        }
        if (limitRequests != null && limitRequests < 0 || limitTokens != null && limitTokens < 0) {
            throw new IllegalArgumentException("negative limit: " + limitRequests + " requests, " + limitTokens
                    + " tokens");
        }
    }

    /**
     * Tells whether a call on a backend counts against this budget.
     *
     * @param backendName the backend; not null
     * @return true when it does
     */
    public boolean covers(String backendName) {
        return backend == null || backend.equals(backendName);
    }
}
