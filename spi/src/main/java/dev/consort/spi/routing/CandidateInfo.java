package dev.consort.spi.routing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the engine knows of one backend when routing a request: its window, what this request would
 * take there, and what its budgets leave.
 *
 * @param backend              the backend's name; not null
 * @param type                 its provider type; not null
 * @param contextWindow        its window in tokens; positive
 * @param projectedPromptTokens the request's prompt as that backend counts it; not negative
 * @param maxOutputTokens      the output reserved; not negative
 * @param shapedPromptTokens   the prompt after context shaping could drop old turns; not negative,
 *                             at most {@code projectedPromptTokens}
 * @param projectedCostUsd     the most the call could cost; not null
 * @param budgetLeftUsd        what the tightest budget covering this backend leaves, or null when none
 * @param coolingDown          true while the backend is skipped after repeated failures
 * @since 1.0
 */
public record CandidateInfo(String backend, String type, int contextWindow, int projectedPromptTokens,
                            int maxOutputTokens, int shapedPromptTokens, BigDecimal projectedCostUsd,
                            BigDecimal budgetLeftUsd, boolean coolingDown) {

    /** Validates the components. */
    public CandidateInfo {
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(type, "type is null");
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive, got " + contextWindow);
        }
        if (projectedPromptTokens < 0 || maxOutputTokens < 0 || shapedPromptTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        Objects.requireNonNull(projectedCostUsd, "projectedCostUsd is null");
    }

    /**
     * Tells whether the request fits the window as it is.
     *
     * @return true when prompt plus output fit
     */
    public boolean fits() {
        return (long) projectedPromptTokens + maxOutputTokens <= contextWindow;
    }

    /**
     * Tells whether the request fits once shaped.
     *
     * @return true when the shaped prompt plus output fit
     */
    public boolean fitsShaped() {
        return (long) shapedPromptTokens + maxOutputTokens <= contextWindow;
    }

    /**
     * Tells whether the budget can cover the projected cost.
     *
     * @return true when there is no budget or it covers the cost
     */
    public boolean affordable() {
        return budgetLeftUsd == null || budgetLeftUsd.compareTo(projectedCostUsd) >= 0;
    }
}
