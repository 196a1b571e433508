package dev.consort.spi.routing;

/**
 * Decides which backends serve a request, in which order. A pure function of its input: the engine
 * measures windows, costs and budgets; the policy only decides. Thread-safe.
 *
 * @since 1.0
 */
public interface RoutingPolicy {

    /**
     * Routes a request.
     *
     * @param request the task type, an override, and every backend as seen for this request; not null
     * @return the decision, with a reason for every backend considered; never null
     */
    RouteDecision route(RouteRequest request);

    /**
     * The backends this policy may choose from for a task type, so that the engine measures only those
     * (measuring a backend creates it: a local engine loads its model). All of them by default.
     *
     * @param taskType   the task type; not null
     * @param configured every configured backend, in configuration order; not null
     * @return the ones {@link #route} may take, a subset of {@code configured}; never null
     * @since 1.0
     */
    default java.util.List<String> candidates(String taskType, java.util.List<String> configured) {
        return configured;
    }

    /**
     * Tells whether {@link #route} takes or skips each candidate by its {@link CandidateInfo#fits()},
     * {@link CandidateInfo#fitsShaped()}, {@link CandidateInfo#affordable()} and
     * {@link CandidateInfo#coolingDown()} alone, and orders candidates by nothing they measure. Then the
     * engine, routing a call it is about to make, may give a candidate whose prompt's upper bound
     * ({@code LLMBackend.tokenUpperBound}) fits its window and its budget that bound, not the exact
     * count: all four answers are what the exact count gives, so the decision is the same; only figures
     * quoted in reasons may be bounds. Routing to explain ({@code Orchestrator.route}, which
     * {@code consort route} prints) always counts exactly. False by default: a policy that compares
     * sizes or costs is always given exact figures.
     *
     * @return true when the figures themselves never decide
     * @since 1.1
     */
    default boolean decidesByLimitsOnly() {
        return false;
    }
}
