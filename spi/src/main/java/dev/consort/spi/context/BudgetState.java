package dev.consort.spi.context;

import java.util.Objects;

/**
 * Where a budget stands now.
 *
 * @param spent    what its period has spent, by the usage ledger; not null
 * @param reserved what running calls hold against it; not null
 * @since 1.0
 */
public record BudgetState(BudgetAmount spent, BudgetAmount reserved) {

    /** Validates the components. */
    public BudgetState {
        Objects.requireNonNull(spent, "spent is null");
        Objects.requireNonNull(reserved, "reserved is null");
    }
}
