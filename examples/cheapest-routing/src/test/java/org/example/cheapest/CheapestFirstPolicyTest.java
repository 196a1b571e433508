package org.example.cheapest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.consort.spi.routing.CandidateInfo;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheapestFirstPolicyTest {

    private static CandidateInfo candidate(String name, String cost, boolean coolingDown) {
        return new CandidateInfo(name, "openai", 8192, 100, 500, 100, new BigDecimal(cost), null, coolingDown);
    }

    @Test
    void ordersTheRulesBackendsByProjectedCost() {
        CheapestFirstPolicy policy = new CheapestFirstPolicy(Map.of("review", List.of("big", "small", "mid")));
        RouteDecision d = policy.route(new RouteRequest("review", null, List.of(candidate("big", "0.30", false),
                candidate("small", "0.01", false), candidate("mid", "0.05", false))));
        assertEquals(List.of("small", "mid", "big"), d.chosen());
    }

    @Test
    void skipsABackendOnCoolDownAndSaysWhy() {
        CheapestFirstPolicy policy = new CheapestFirstPolicy(Map.of());
        RouteDecision d = policy.route(new RouteRequest("chat", null, List.of(candidate("a", "0.01", true),
                candidate("b", "0.02", false))));
        assertEquals(List.of("b"), d.chosen());
        assertFalse(d.steps().get(0).taken());
        assertEquals("cooling down after repeated failures", d.steps().get(0).reason());
    }

    @Test
    void onlyTheRulesBackendsAreMeasured() {
        CheapestFirstPolicy policy = new CheapestFirstPolicy(Map.of("review", List.of("big", "small")));
        assertEquals(List.of("small", "big"), policy.candidates("review", List.of("local", "small", "big")));
        assertEquals(List.of("local", "small", "big"), policy.candidates("plan", List.of("local", "small", "big")));
    }

    @Test
    void aNamedBackendIsTheOnlyCandidate() {
        CheapestFirstPolicy policy = new CheapestFirstPolicy(Map.of());
        RouteDecision d = policy.route(new RouteRequest("chat", "b", List.of(candidate("a", "0.01", false),
                candidate("b", "0.02", false))));
        assertEquals(List.of("b"), d.chosen());
    }
}
