package dev.consort.spi.context;

import java.time.Duration;
import java.util.List;

/**
 * Budgets kept in a store that several Consort instances share, so that together they never overspend.
 * A call first {@linkplain #reserve reserves} its maximum against every budget covering it, atomically in
 * the store; then the call's usage is {@linkplain ContextStore#recordUsage recorded}; then the hold is
 * {@linkplain #release released}. What a budget has spent is what the store's usage ledger holds for its
 * period, so it cannot drift from the ledger. A hold whose instance died runs out at its expiry.
 *
 * <p>Offered by {@link ContextStore#sharedBudgets()} of stores that several instances share; a store
 * kept by one process offers none and Consort keeps its budgets in memory. Thread-safe.
 *
 * @since 1.0
 */
public interface SharedBudgets {

    /**
     * Holds a call's maximum against every budget, all or nothing: checked and held in one transaction
     * that no other instance's reservation on the same budgets can interleave with.
     *
     * @param accounts the budgets covering the call; not null, not empty
     * @param amount   the most the call may spend (one request); not null
     * @param expiry   how long the hold lasts if it is never released; positive
     * @return the hold, or the first budget that refused
     * @throws ContextStoreException when the store fails
     */
    BudgetReservation reserve(List<BudgetAccount> accounts, BudgetAmount amount, Duration expiry);

    /**
     * Releases a hold, once the call's usage is recorded. Releasing it again, or after its expiry, does
     * nothing.
     *
     * @param id the hold's id; not null
     * @throws ContextStoreException when the store fails
     */
    void release(String id);

    /**
     * Where a budget stands: spent in its period and held by running calls.
     *
     * @param account the budget; not null
     * @return its state; never null
     * @throws ContextStoreException when the store fails
     */
    BudgetState state(BudgetAccount account);
}
