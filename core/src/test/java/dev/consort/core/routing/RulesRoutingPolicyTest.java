package dev.consort.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.config.Workspace;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.routing.CandidateInfo;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteRequest;
import dev.consort.spi.routing.RouteStep;
import dev.consort.spi.routing.RoutingPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesRoutingPolicyTest {

    private static CandidateInfo ok(String name) {
        return new CandidateInfo(name, "openai", 1000, 100, 100, 100, new BigDecimal("0.01"), null, false);
    }

    private static CandidateInfo coolingDown(String name) {
        return new CandidateInfo(name, "openai", 1000, 100, 100, 100, BigDecimal.ZERO, null, true);
    }

    private static CandidateInfo tooBig(String name) {
        return new CandidateInfo(name, "openai", 1000, 5000, 100, 950, BigDecimal.ZERO, null, false);
    }

    private static CandidateInfo fitsOnceShaped(String name) {
        return new CandidateInfo(name, "openai", 1000, 5000, 100, 600, BigDecimal.ZERO, null, false);
    }

    private static CandidateInfo overBudget(String name) {
        return new CandidateInfo(name, "openai", 1000, 100, 100, 100, new BigDecimal("0.50"),
                new BigDecimal("0.10"), false);
    }

    private static final List<CandidateInfo> ALL = List.of(ok("local"), ok("fast"), ok("deep"));

    private static RouteDecision route(Map<String, List<String>> rules, String type, String override,
                                       List<CandidateInfo> candidates) {
        return new RulesRoutingPolicy(rules).route(new RouteRequest(type, override, candidates));
    }

    @Test
    void triesTheRuleCandidatesInOrder() {
        RouteDecision d = route(Map.of("code", List.of("deep", "fast")), "code", null, ALL);
        assertEquals("code", d.taskType());
        assertEquals(List.of("deep", "fast"), d.chosen());
        assertEquals("rule 'code', position 1; fits its window (200/1000)", d.steps().get(0).reason());
        assertEquals("rule 'code', position 2; fits its window (200/1000)", d.steps().get(1).reason());
    }

    @Test
    void skipsABackendThatIsCoolingDown() {
        RouteDecision d = route(Map.of("code", List.of("deep", "fast")), "code", null,
                List.of(coolingDown("deep"), ok("fast")));
        assertEquals(List.of("fast"), d.chosen());
        assertEquals(new RouteStep("deep", false, "cooling down after repeated failures"), d.steps().get(0));
        assertEquals("rule 'code', position 2; fits its window (200/1000)", d.steps().get(1).reason());
    }

    @Test
    void skipsABackendWhoseWindowCannotHoldTheRequestEvenShaped() {
        RouteDecision d = route(Map.of("code", List.of("local", "deep")), "code", null,
                List.of(tooBig("local"), ok("deep")));
        assertEquals(List.of("deep"), d.chosen());
        assertEquals("prompt of 5000 tokens (at least 950 once shaped) + 100 output does not fit its window of 1000",
                d.steps().get(0).reason());
    }

    @Test
    void takesABackendThatFitsOnceShaped() {
        RouteDecision d = route(Map.of("code", List.of("local")), "code", null, List.of(fitsOnceShaped("local")));
        assertEquals(List.of("local"), d.chosen());
        assertEquals("rule 'code', position 1; fits its window once shaped", d.steps().get(0).reason());
    }

    @Test
    void skipsABackendWhoseBudgetCannotCoverTheCall() {
        RouteDecision d = route(Map.of("code", List.of("deep", "fast")), "code", null,
                List.of(overBudget("deep"), ok("fast")));
        assertEquals(List.of("fast"), d.chosen());
        assertEquals("budget exceeded: $0.10 left, and the call may cost up to $0.50", d.steps().get(0).reason());
    }

    @Test
    void coolingDownIsReportedBeforeWindowAndBudget() {
        CandidateInfo everything = new CandidateInfo("x", "openai", 10, 5000, 100, 5000, BigDecimal.ONE,
                BigDecimal.ZERO, true);
        assertEquals("cooling down after repeated failures",
                route(Map.of(), "code", null, List.of(everything)).steps().get(0).reason());
        CandidateInfo bigAndPoor = new CandidateInfo("x", "openai", 10, 5000, 100, 5000, BigDecimal.ONE,
                BigDecimal.ZERO, false);
        assertTrue(route(Map.of(), "code", null, List.of(bigAndPoor)).steps().get(0).reason()
                .contains("does not fit"));
    }

    @Test
    void anUnknownTaskTypeUsesTheChatRule() {
        RouteDecision d = route(Map.of("chat", List.of("fast"), "code", List.of("deep")), "summarise", null, ALL);
        assertEquals(List.of("fast"), d.chosen());
        assertEquals("no rule for 'summarise', rule 'chat', position 1; fits its window (200/1000)",
                d.steps().get(0).reason());
    }

    @Test
    void withoutAChatRuleEveryBackendIsTriedInConfigurationOrder() {
        RouteDecision d = route(Map.of("code", List.of("deep")), "summarise", null, ALL);
        assertEquals(List.of("local", "fast", "deep"), d.chosen());
        assertEquals("no rule for 'summarise', configuration order, position 3; fits its window (200/1000)",
                d.steps().get(2).reason());
    }

    @Test
    void aRuleNamingABackendThatIsNotACandidateSkipsIt() {
        RouteDecision d = route(Map.of("code", List.of("gone", "fast")), "code", null, ALL);
        assertEquals(new RouteStep("gone", false, "not configured"), d.steps().get(0));
        assertEquals(List.of("fast"), d.chosen());
    }

    @Test
    void anOverrideBeatsTheRules() {
        RouteDecision d = route(Map.of("code", List.of("deep", "fast")), "code", "local", ALL);
        assertEquals(List.of("local"), d.chosen());
        assertEquals(1, d.steps().size(), "only the named backend is considered");
        assertEquals("named by the caller; fits its window (200/1000)", d.steps().get(0).reason());
    }

    @Test
    void anOverrideIsStillJudged() {
        RouteDecision cooling = route(Map.of(), "code", "deep", List.of(coolingDown("deep"), ok("fast")));
        assertEquals(List.of(), cooling.chosen());
        assertEquals(new RouteStep("deep", false, "cooling down after repeated failures"), cooling.steps().get(0));
        RouteDecision poor = route(Map.of(), "code", "deep", List.of(overBudget("deep"), ok("fast")));
        assertEquals(List.of(), poor.chosen());
        assertTrue(poor.steps().get(0).reason().startsWith("budget exceeded"));
    }

    @Test
    void anOverrideNamingAnUnknownBackendIsNotConfigured() {
        RouteDecision d = route(Map.of("code", List.of("deep")), "code", "ghost", ALL);
        assertEquals(List.of(new RouteStep("ghost", false, "not configured")), d.steps());
        assertEquals(List.of(), d.chosen());
    }

    @Test
    void noCandidatesAndNoRulesMeanNothingChosen() {
        RouteDecision d = route(Map.of(), "code", null, List.of());
        assertEquals(List.of(), d.steps());
        assertFalse(d.chosen().iterator().hasNext());
    }

    @Test
    void theProviderReadsTheRulesFromTheRoutingSection(@TempDir Path tmp) {
        Workspace ws = new Workspace(tmp);
        ws.project("""
                backends:
                  fast:
                    type: openai
                  deep:
                    type: openai
                routing:
                  rules:
                    code: [deep, fast]
                    chat: fast
                """);
        var config = ws.load();
        PluginContext context = new PluginContext() {
            @Override
            public Path projectDir() {
                return ws.work;
            }

            @Override
            public Path stateDir() {
                return ws.work.resolve(".consort");
            }

            @Override
            public Path cacheDir() {
                return ws.home.resolve(".cache/consort");
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
        RoutingPolicy policy = new RulesRoutingPolicyProvider().create(config.routing().section(), context);
        List<CandidateInfo> candidates = List.of(ok("fast"), ok("deep"));
        assertEquals(List.of("deep", "fast"), policy.route(new RouteRequest("code", null, candidates)).chosen());
        assertEquals(List.of("fast"), policy.route(new RouteRequest("other", null, candidates)).chosen());
        assertEquals("rules", new RulesRoutingPolicyProvider().type());
    }

    @Test
    void onlyTheBackendsOfTheRuleAreCandidatesSoTheOthersAreNeverMeasured() {
        RulesRoutingPolicy p = new RulesRoutingPolicy(Map.of("plan", List.of("planner", "review"), "chat",
                List.of("fast")));
        List<String> configured = List.of("local", "fast", "review", "planner");

        assertEquals(List.of("review", "planner"), p.candidates("plan", configured), "configuration order");
        assertEquals(List.of("fast"), p.candidates("unknown", configured), "the chat rule");
        assertEquals(configured, new RulesRoutingPolicy(Map.of()).candidates("code", configured));
    }
}
