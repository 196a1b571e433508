package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing table, window and budget skips, and a caller's named backend. */
class RoutingTest {

    private static final String THREE = """
            backends:
              planner: {type: scripted}
              coder: {type: scripted}
              fast: {type: scripted}
            routing:
              rules:
                plan: [planner, coder]
                code: [coder, fast, planner]
                chat: [fast, planner]
            """;

    @TempDir
    Path tmp;

    private static RouteStep step(RouteDecision d, String backend) {
        return d.steps().stream().filter(s -> s.backend().equals(backend)).findFirst().orElseThrow();
    }

    @Test
    void measuresOnlyTheBackendsOfTheRule() {
        ScriptedBackend planner = ScriptedBackend.named("planner");
        ScriptedBackend coder = ScriptedBackend.named("coder");
        ScriptedBackend fast = ScriptedBackend.named("fast");
        try (Rig rig = Rig.in(tmp).yaml(THREE).configured(planner, coder, fast).build()) {
            rig.orchestrator().chat(ChatCall.of("plan", "plan the release"));

            assertTrue(planner.measured() > 0);
            assertTrue(coder.measured() > 0);
            assertEquals(0, fast.measured(), "'fast' is not in the plan rule: never measured");
        }
    }

    @Test
    void followsTheRuleOfTheTaskTypeInOrder() {
        ScriptedBackend planner = ScriptedBackend.named("planner");
        ScriptedBackend coder = ScriptedBackend.named("coder");
        ScriptedBackend fast = ScriptedBackend.named("fast");
        try (Rig rig = Rig.in(tmp).yaml(THREE).configured(planner, coder, fast).build()) {
            RouteDecision d = rig.orchestrator().route(ChatCall.of("code", "write a parser"));
            assertEquals(List.of("coder", "fast", "planner"), d.chosen());
            assertTrue(d.steps().getFirst().reason().contains("rule 'code', position 1"), d.toString());

            Answer a = rig.orchestrator().chat(ChatCall.of("plan", "plan the release"));
            assertEquals("planner", a.backend());
            assertEquals(1, planner.calls());
            assertEquals(0, coder.calls());
        }
    }

    @Test
    void unknownTaskTypeFallsBackToTheChatRule() {
        try (Rig rig = Rig.in(tmp).yaml(THREE).configured(ScriptedBackend.named("planner"),
                ScriptedBackend.named("coder"), ScriptedBackend.named("fast")).build()) {
            RouteDecision d = rig.orchestrator().route(ChatCall.of("translate", "bonjour"));
            assertEquals(List.of("fast", "planner"), d.chosen());
            assertTrue(d.steps().getFirst().reason().contains("no rule for 'translate', rule 'chat'"), d.toString());
            assertEquals("fast", rig.orchestrator().chat(ChatCall.of("translate", "bonjour")).backend());
        }
    }

    @Test
    void withoutRulesBackendsAddedByTheApplicationAreTriedInTheOrderTheyWereAdded() {
        // Enough names that a hash-ordered set would scramble them.
        List<String> names = List.of("zulu", "alpha", "mike", "bravo", "yankee", "charlie", "xray", "delta");
        ScriptedBackend[] backends = names.stream().map(ScriptedBackend::named).toArray(ScriptedBackend[]::new);
        for (ScriptedBackend b : backends) {
            b.otherwise(new ScriptedBackend.Fail(b.invalidRequest()));
        }
        try (Rig rig = Rig.in(tmp).backend(backends).build()) {
            assertEquals(names, rig.orchestrator().route(ChatCall.of("chat", "hi")).chosen());
            AllBackendsFailedException e = assertThrows(AllBackendsFailedException.class,
                    () -> rig.orchestrator().chat(ChatCall.of("chat", "hi")));
            assertEquals(names, e.attempts().stream().map(a -> a.backend()).toList());
        }
    }

    @Test
    void skipsABackendWhoseWindowCannotHoldThePromptEvenShapedAndSaysWhy() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(100, 20);
        ScriptedBackend big = ScriptedBackend.named("big");
        String prompt = "word ".repeat(200);
        try (Rig rig = Rig.in(tmp).backend(small, big).build()) {
            RouteDecision d = rig.orchestrator().route(ChatCall.of("chat", prompt));
            RouteStep skipped = step(d, "small");
            assertFalse(skipped.taken());
            assertTrue(skipped.reason().contains("does not fit its window of 100"), skipped.reason());
            assertEquals(List.of("big"), d.chosen());

            Answer a = rig.orchestrator().chat(ChatCall.of("chat", prompt));
            assertEquals("big", a.backend());
            assertEquals(0, small.calls());
        }
    }

    @Test
    void takesABackendWhoseWindowHoldsThePromptOnceOlderTurnsAreDropped() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(100, 20);
        var history = new java.util.ArrayList<dev.consort.spi.chat.Message>();
        for (int i = 0; i < 10; i++) {
            history.add(dev.consort.spi.chat.Message.user("question " + i + " " + "pad ".repeat(20)));
            history.add(dev.consort.spi.chat.Message.assistant("answer " + i));
        }
        history.add(dev.consort.spi.chat.Message.user("the newest question"));
        ChatCall call = new ChatCall(dev.consort.spi.chat.ChatRequest.of(history), "chat", null, List.of(), null);
        try (Rig rig = Rig.in(tmp).backend(small).build()) {
            RouteStep s = step(rig.orchestrator().route(call), "small");
            assertTrue(s.taken(), s.reason());
            assertTrue(s.reason().contains("fits its window once shaped"), s.reason());
            rig.orchestrator().chat(call);
            var sent = small.lastRequest().messages();
            assertEquals("the newest question", sent.getLast().content());
            assertTrue(small.countTokens(sent) + 20 <= 100, "sent " + small.countTokens(sent) + " tokens");
        }
    }

    @Test
    void skipsABackendItsBudgetCannotCoverAndSaysWhy() {
        String yaml = """
                backends:
                  pricey: {type: scripted}
                  cheap: {type: scripted}
                routing:
                  rules:
                    chat: [pricey, cheap]
                budgets:
                  backends:
                    pricey: {usd: "0.01"}
                pricing:
                  pricey: {input: "100", output: "100"}
                  cheap: {input: "0.1", output: "0.1"}
                """;
        ScriptedBackend pricey = ScriptedBackend.named("pricey");
        ScriptedBackend cheap = ScriptedBackend.named("cheap");
        try (Rig rig = Rig.in(tmp).yaml(yaml).configured(pricey, cheap).build()) {
            RouteDecision d = rig.orchestrator().route(ChatCall.of("chat", "hello there"));
            RouteStep s = step(d, "pricey");
            assertFalse(s.taken());
            assertTrue(s.reason().startsWith("budget exceeded: $0.01 left"), s.reason());
            assertEquals(List.of("cheap"), d.chosen());
            assertEquals("cheap", rig.orchestrator().chat(ChatCall.of("chat", "hello there")).backend());
            assertEquals(0, pricey.calls());
        }
    }

    @Test
    void aNamedBackendBeatsTheRules() {
        ScriptedBackend planner = ScriptedBackend.named("planner");
        ScriptedBackend coder = ScriptedBackend.named("coder");
        ScriptedBackend fast = ScriptedBackend.named("fast");
        try (Rig rig = Rig.in(tmp).yaml(THREE).configured(planner, coder, fast).build()) {
            RouteDecision d = rig.orchestrator().route(ChatCall.of("code", "x").toBackend("planner"));
            assertEquals(List.of("planner"), d.chosen());
            assertTrue(d.steps().getFirst().reason().contains("named by the caller"), d.toString());
            assertEquals("planner", rig.orchestrator().chat(ChatCall.of("code", "x").toBackend("planner")).backend());
            assertEquals(0, coder.calls());
        }
    }

    @Test
    void aNamedBackendThatFailsIsNeverSilentlyReplaced() {
        ScriptedBackend chosen = ScriptedBackend.named("chosen");
        ScriptedBackend other = ScriptedBackend.named("other");
        chosen.otherwise(new ScriptedBackend.Fail(chosen.authFailure()));
        try (Rig rig = Rig.in(tmp).backend(chosen, other).build()) {
            AllBackendsFailedException e = assertThrows(AllBackendsFailedException.class,
                    () -> rig.orchestrator().chat(ChatCall.of("chat", "hi").toBackend("chosen")));
            assertEquals(0, other.calls());
            assertEquals(List.of("chosen"), e.attempts().stream().map(a -> a.backend()).toList());
            assertTrue(e.getMessage().contains("the API key was refused"), e.getMessage());
        }
    }

    @Test
    void aNamedBackendWhoseWindowIsTooSmallFailsClearlyInsteadOfSwitching() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(100, 20);
        ScriptedBackend big = ScriptedBackend.named("big");
        try (Rig rig = Rig.in(tmp).backend(small, big).build()) {
            AllBackendsFailedException e = assertThrows(AllBackendsFailedException.class,
                    () -> rig.orchestrator().chat(ChatCall.of("chat", "word ".repeat(200)).toBackend("small")));
            assertTrue(e.getMessage().startsWith("backend 'small' cannot take this call"), e.getMessage());
            assertTrue(e.getMessage().contains("does not fit its window of 100"), e.getMessage());
            assertEquals(0, big.calls());
            assertEquals(0, small.calls());
        }
    }

    @Test
    void aNamedBackendOverItsBudgetFailsWithTheBudgetNamed() {
        String yaml = """
                budgets:
                  project: {usd: "0.001"}
                pricing:
                  pricey: {input: "100", output: "100"}
                  cheap: {input: "0", output: "0"}
                """;
        ScriptedBackend pricey = ScriptedBackend.named("pricey");
        ScriptedBackend cheap = ScriptedBackend.named("cheap");
        try (Rig rig = Rig.in(tmp).yaml(yaml).backend(pricey, cheap).build()) {
            BudgetExceededException e = assertThrows(BudgetExceededException.class,
                    () -> rig.orchestrator().chat(ChatCall.of("chat", "hello").toBackend("pricey")));
            assertEquals("project", e.budget());
            assertTrue(e.getMessage().startsWith("budget exceeded: the project budget of $0.001 has $0.001 left"),
                    e.getMessage());
            assertEquals(0, pricey.calls());
            assertEquals(0, cheap.calls());
            // without a name, the same call goes to the backend the budget can pay for
            assertEquals("cheap", rig.orchestrator().chat(ChatCall.of("chat", "hello")).backend());
        }
    }

    @Test
    void aNamedBackendThatIsNotConfiguredIsAClearError() {
        try (Rig rig = Rig.in(tmp).backend(ScriptedBackend.named("one")).build()) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> rig.orchestrator().chat(ChatCall.of("chat", "hi").toBackend("nope")));
            assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("one"), e.getMessage());
        }
    }
}
