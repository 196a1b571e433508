package dev.consort.spi.context;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Dollars, calls and tokens: what a call may cost, what a budget has spent or holds.
 *
 * @param usd      dollars; not null, not negative
 * @param requests calls; not negative
 * @param tokens   tokens (prompt plus completion); not negative
 * @since 1.0
 */
public record BudgetAmount(BigDecimal usd, long requests, long tokens) {

    /** Nothing. */
    public static final BudgetAmount ZERO = new BudgetAmount(BigDecimal.ZERO, 0, 0);

    /** Validates the components. */
    public BudgetAmount {
        Objects.requireNonNull(usd, "usd is null");
        if (usd.signum() < 0 || requests < 0 || tokens < 0) {
            throw new IllegalArgumentException("negative amount: $" + usd + ", " + requests + " requests, " + tokens
                    + " tokens");
        }
    }
}
