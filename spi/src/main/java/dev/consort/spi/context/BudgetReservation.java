package dev.consort.spi.context;

import java.util.Objects;

/**
 * What {@link SharedBudgets#reserve} gives: the call's maximum is held against every budget, or one
 * budget cannot take it.
 *
 * @since 1.0
 */
public sealed interface BudgetReservation {

    /**
     * Held against every budget until {@link SharedBudgets#release(String)} or its expiry.
     *
     * @param id names the hold; not blank
     */
    record Held(String id) implements BudgetReservation {
        /** Validates the component. */
        public Held {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("id is blank");
            }
        }
    }

    /**
     * Refused: this budget cannot take the call. Nothing was held.
     *
     * @param account  the budget; not null
     * @param spent    what its period has spent, by the usage ledger; not null
     * @param reserved what other calls hold against it now; not null
     */
    record Refused(BudgetAccount account, BudgetAmount spent, BudgetAmount reserved) implements BudgetReservation {
        /** Validates the components. */
        public Refused {
            Objects.requireNonNull(account, "account is null");
            Objects.requireNonNull(spent, "spent is null");
            Objects.requireNonNull(reserved, "reserved is null");
        }
    }
}
