package org.example.cheapest;

import dev.consort.spi.routing.CandidateInfo;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteRequest;
import dev.consort.spi.routing.RouteStep;
import dev.consort.spi.routing.RoutingPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backends a task may use — its rule, else the {@code chat} rule, else every backend — ordered by the
 * projected cost of this call, cheapest first (ties keep the rule's order). A backend is skipped when it is
 * cooling down, when the prompt does not fit its window even once shaped, or when its budget cannot pay.
 * Every step says why, for {@code consort route}. Immutable, so thread-safe.
 */
final class CheapestFirstPolicy implements RoutingPolicy {

    private final Map<String, List<String>> rules;

    CheapestFirstPolicy(Map<String, List<String>> rules) {
        this.rules = Map.copyOf(rules);
    }

    /** Only the rule's backends need measuring (measuring a backend creates it). */
    @Override
    public List<String> candidates(String taskType, List<String> configured) {
        List<String> names = rules.getOrDefault(taskType, rules.get("chat"));
        return names == null ? configured : configured.stream().filter(names::contains).toList();
    }

    @Override
    public RouteDecision route(RouteRequest request) {
        if (request.overrideBackend() != null) {
            Optional<CandidateInfo> named = request.candidate(request.overrideBackend());
            return new RouteDecision(request.taskType(), List.of(named.map(c -> judge(c, "named by the caller"))
                    .orElseGet(() -> new RouteStep(request.overrideBackend(), false, "not configured"))));
        }
        List<String> names = rules.getOrDefault(request.taskType(), rules.get("chat"));
        List<CandidateInfo> candidates = new ArrayList<>();
        List<RouteStep> steps = new ArrayList<>();
        if (names == null) {
            candidates.addAll(request.candidates());
        } else {
            for (String name : names) {
                request.candidate(name).ifPresentOrElse(candidates::add,
                        () -> steps.add(new RouteStep(name, false, "not configured")));
            }
        }
        candidates.sort(Comparator.comparing(CandidateInfo::projectedCostUsd));
        int rank = 1;
        for (CandidateInfo c : candidates) {
            steps.add(rank - 1, judge(c, "cheapest-first #" + rank++ + " at up to $" + c.projectedCostUsd().toPlainString()));
        }
        return new RouteDecision(request.taskType(), steps);
    }

    private static RouteStep judge(CandidateInfo c, String why) {
        if (c.coolingDown()) {
            return new RouteStep(c.backend(), false, "cooling down after repeated failures");
        }
        if (!c.fits() && !c.fitsShaped()) {
            return new RouteStep(c.backend(), false, "the prompt does not fit its window of " + c.contextWindow());
        }
        if (!c.affordable()) {
            return new RouteStep(c.backend(), false, "its budget cannot pay up to $" + c.projectedCostUsd().toPlainString());
        }
        return new RouteStep(c.backend(), true, why);
    }
}
