package dev.consort.core.api;

import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.util.List;
import java.util.Map;

/**
 * What Consort has spent: requests, tokens, cost and errors per backend, for this session, this
 * project and the user's lifetime. Every call the orchestrator makes is recorded here. Thread-safe.
 */
public interface UsageTracker {

    /** Which calls to add up. */
    enum Scope {
        /** This process's session. */
        SESSION,
        /** Every call recorded in this project's store. */
        PROJECT,
        /** Every call of this user, in every project. */
        LIFETIME
    }

    /**
     * Records a call made outside the orchestrator (an application calling a backend itself).
     *
     * @param backend the backend's name; not null
     * @param model   the model; not null
     * @param usage   its tokens; not null
     * @param failed  whether it failed
     * @return its cost in dollars, from the pricing table
     */
    java.math.BigDecimal recordCall(String backend, String model, Usage usage, boolean failed);

    /**
     * Totals per backend.
     *
     * @param scope which calls; not null
     * @return totals by backend name, sorted by name; never null
     */
    Map<String, UsageStats> backendUsage(Scope scope);

    /**
     * The total over every backend.
     *
     * @param scope which calls; not null
     * @return the total; never null
     */
    default UsageStats totals(Scope scope) {
        return backendUsage(scope).values().stream().reduce(UsageStats.ZERO, UsageStats::plus);
    }

    /**
     * One line per configured budget: spent and limit.
     *
     * @return the lines; never null
     */
    List<String> budgets();
}
