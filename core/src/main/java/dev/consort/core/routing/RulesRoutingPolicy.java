package dev.consort.core.routing;

import dev.consort.spi.routing.CandidateInfo;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteRequest;
import dev.consort.spi.routing.RouteStep;
import dev.consort.spi.routing.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default policy, {@code rules}: a task type maps to ordered candidates; a candidate is taken
 * unless it is cooling down, its window cannot hold the request even once shaped, or its budget
 * cannot cover the projected cost. An unknown task type uses the {@code chat} rule, then every
 * backend in configuration order. A named backend beats the rules but is still checked.
 */
public final class RulesRoutingPolicy implements RoutingPolicy {

    private final Map<String, List<String>> rules;

    public RulesRoutingPolicy(Map<String, List<String>> rules) {
        this.rules = Map.copyOf(rules);
    }

    @Override
    public RouteDecision route(RouteRequest request) {
        List<RouteStep> steps = new ArrayList<>();
        if (request.overrideBackend() != null) {
            Optional<CandidateInfo> c = request.candidate(request.overrideBackend());
            steps.add(c.map(info -> judge(info, "named by the caller"))
                    .orElseGet(() -> new RouteStep(request.overrideBackend(), false, "not configured")));
            return new RouteDecision(request.taskType(), steps);
        }
        List<String> names = rules.get(request.taskType());
        String origin = "rule '" + request.taskType() + "'";
        if (names == null && rules.containsKey("chat")) {
            names = rules.get("chat");
            origin = "no rule for '" + request.taskType() + "', rule 'chat'";
        }
        if (names == null) {
            names = request.candidates().stream().map(CandidateInfo::backend).toList();
            origin = "no rule for '" + request.taskType() + "', configuration order";
        }
        int position = 1;
        for (String name : names) {
            String why = origin + ", position " + position++;
            Optional<CandidateInfo> c = request.candidate(name);
            steps.add(c.map(info -> judge(info, why)).orElseGet(() -> new RouteStep(name, false, "not configured")));
        }
        return new RouteDecision(request.taskType(), steps);
    }

    /** Takes a candidate by its limits alone: the first that fits and can pay, in the rule's order. */
    @Override
    public boolean decidesByLimitsOnly() {
        return true;
    }

    @Override
    public List<String> candidates(String taskType, List<String> configured) {
        List<String> names = rules.containsKey(taskType) ? rules.get(taskType) : rules.get("chat");
        return names == null ? configured : configured.stream().filter(names::contains).toList();
    }

    private static RouteStep judge(CandidateInfo c, String why) {
        if (c.coolingDown()) {
            return new RouteStep(c.backend(), false, "cooling down after repeated failures");
        }
        if (!c.fits() && !c.fitsShaped()) {
            return new RouteStep(c.backend(), false, "prompt of " + c.projectedPromptTokens() + " tokens (at least "
                    + c.shapedPromptTokens() + " once shaped) + " + c.maxOutputTokens()
                    + " output does not fit its window of " + c.contextWindow());
        }
        if (!c.affordable()) {
            return new RouteStep(c.backend(), false, "budget exceeded: $" + c.budgetLeftUsd().toPlainString()
                    + " left, and the call may cost up to $" + c.projectedCostUsd().toPlainString());
        }
        String fit = c.fits() ? "fits its window (" + (c.projectedPromptTokens() + c.maxOutputTokens()) + "/"
                + c.contextWindow() + ")" : "fits its window once shaped";
        return new RouteStep(c.backend(), true, why + "; " + fit);
    }
}
