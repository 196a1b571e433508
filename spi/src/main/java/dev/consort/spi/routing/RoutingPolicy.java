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
}
