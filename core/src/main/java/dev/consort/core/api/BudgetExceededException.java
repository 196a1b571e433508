package dev.consort.core.api;

import java.util.Objects;

/**
 * A call refused before it was made because a budget could not cover it. The message names the budget
 * and what is left.
 */
public final class BudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String budget;

    /**
     * Creates the refusal.
     *
     * @param budget  the budget's name ({@code project}, {@code backend planner}); not null
     * @param message one line; not null
     */
    public BudgetExceededException(String budget, String message) {
        super(message);
        this.budget = Objects.requireNonNull(budget, "budget is null");
    }

    /**
     * The budget that refused.
     *
     * @return its name; never null
     */
    public String budget() {
        return budget;
    }
}
