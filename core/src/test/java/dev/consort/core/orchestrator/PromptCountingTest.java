package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prompt is counted once per backend per call, and what it counts still decides what is sent. */
class PromptCountingTest {

    /** Window 200, output 40: the shaping budget is 200 - 40 - 16 = 144 words. */
    private static final int BUDGET = ContextShaper.budget(200, 40);

    @TempDir
    Path tmp;

    private static String words(int n) {
        return "w ".repeat(n).strip();
    }

    /** The persona (3 words), two older turns of 10 words and a newest turn: 23 words plus the newest. */
    private static List<Message> conversation(int newestWords) {
        return List.of(Message.user(words(10)), Message.assistant(words(10)), Message.user(words(newestWords)));
    }

    private static ChatCall call(List<Message> messages) {
        return new ChatCall(ChatRequest.of(messages), "chat", null, List.of(), null);
    }

    @Test
    void countsAPromptThatFitsOncePerBackendPerCall() {
        ScriptedBackend first = ScriptedBackend.named("first").otherwise(ScriptedBackend.answer("ok"));
        ScriptedBackend second = ScriptedBackend.named("second");
        try (Rig rig = Rig.in(tmp).backend(first, second).build()) {
            // The scripted backend counts the prompt once more itself, for the usage it reports.
            rig.orchestrator().chat(call(conversation(5)));
            assertEquals(1 + 1, first.measured(), "routed and prepared on one count");
            assertEquals(1, second.measured(), "routed only");
            try (AnswerStream s = rig.orchestrator().stream(call(conversation(5)))) {
                s.forEach(c -> { });
            }
            assertEquals(2 + 2, first.measured(), "a stream too: one count to route and prepare it");
        }
    }

    @Test
    void aPromptAtTheShapingBudgetIsSentWholeAndOneWordOverIsShaped() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(200, 40).otherwise(ScriptedBackend.answer("ok"));
        try (Rig rig = Rig.in(tmp).backend(small).build()) {
            List<Message> fits = conversation(BUDGET - 23);
            rig.orchestrator().chat(call(fits));
            assertEquals(4, small.lastRequest().messages().size(), "persona and all three turns");
            assertEquals(BUDGET, small.countTokens(small.lastRequest().messages()));

            List<Message> over = conversation(BUDGET - 22);
            rig.orchestrator().chat(call(over));
            assertEquals(List.of(Message.system("You are small."), over.get(1), over.get(2)),
                    small.lastRequest().messages(), "the oldest turn is dropped");
            try (AnswerStream s = rig.orchestrator().stream(call(over))) {
                s.forEach(c -> { });
            }
            assertEquals(3, small.lastRequest().messages().size(), "streamed calls are shaped alike");
        }
    }

    @Test
    void aCallNeverReusesAnEarlierCallsConversationOrCounts() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(200, 40).otherwise(ScriptedBackend.answer("ok"));
        try (Rig rig = Rig.in(tmp).backend(small).build()) {
            List<Message> same = conversation(BUDGET - 23);
            rig.orchestrator().chat(call(same));
            assertEquals(4, small.lastRequest().messages().size());
            // The same message objects again, under a persona two words longer: now one word too many.
            rig.orchestrator().setPersona("small", new Persona("longer", "You are small and brief."));
            rig.orchestrator().chat(call(same));
            List<Message> sent = small.lastRequest().messages();
            assertEquals(Message.system("You are small and brief."), sent.getFirst());
            assertEquals(List.of(same.get(1), same.get(2)), sent.subList(1, sent.size()), "shaped on a new count");
        }
    }

    @Test
    void aPromptOneWordOverTheWindowDoesNotFitAndIsShaped() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(200, 40).otherwise(ScriptedBackend.answer("ok"));
        try (Rig rig = Rig.in(tmp).backend(small).build()) {
            List<Message> over = conversation(200 - 40 - 23 + 1);
            var step = rig.orchestrator().route(call(over)).steps().getFirst();
            assertEquals(true, step.taken(), step.reason());
            assertEquals(true, step.reason().endsWith("fits its window once shaped"), step.reason());
            rig.orchestrator().chat(call(over));
            assertEquals(List.of(Message.system("You are small."), over.get(2)), small.lastRequest().messages(),
                    "both older turns are dropped");
        }
    }

    /** "You are a." and {@link #conversation(int)} of 5 newest words: 3 + 10 + 10 + 5 words; bound (x4 + 1 a message) 116. */
    private static final int EXACT = 28;
    private static final int BOUND = 116;

    /** One dollar a prompt token, output free: a call's most is its prompt's size in dollars. */
    private static String dollarAToken(String budgets) {
        return "routing:\n  retry: {attempts: 1}\npricing:\n  a: {input: \"1000000\", output: \"0\"}\n" + budgets;
    }

    @Test
    void aPromptWhoseBoundFitsIsNotCountedWhenNothingDependsOnItsSize() {
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4).otherwise(ScriptedBackend.answer("ok"));
        ScriptedBackend b = ScriptedBackend.named("b").withUpperBound(4);
        try (Rig rig = Rig.in(tmp).yaml(dollarAToken("")).backend(a, b).build()) {
            rig.orchestrator().chat(call(conversation(5)));
            assertEquals(1, a.measured(), "only the backend's own count, for the usage it reports");
            assertEquals(0, b.measured());
            assertEquals(EXACT, a.countTokens(a.lastRequest().messages()));
            assertEquals(4, a.lastRequest().messages().size(), "sent whole");

            var explained = rig.orchestrator().route(call(conversation(5))).steps().getFirst();
            assertEquals("no rule for 'chat', configuration order, position 1; fits its window ("
                    + (EXACT + 1000) + "/100000)", explained.reason(), "route() explains with the exact count");
        }
    }

    @Test
    void aDollarBudgetThatTheBoundWouldExceedGetsTheExactCountAndAdmitsTheCall() {
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4).otherwise(ScriptedBackend.answer("ok"));
        String budget = "budgets:\n  project: {usd: " + (EXACT + BOUND) / 2 + "}\n";
        try (Rig rig = Rig.in(tmp).yaml(dollarAToken(budget)).backend(a).build()) {
            var answer = rig.orchestrator().chat(call(conversation(5)));
            assertEquals("a", answer.backend());
            assertEquals(2, a.measured(), "counted once for the budget, once by the backend for its usage");
        }
        ScriptedBackend poorer = ScriptedBackend.named("a").withUpperBound(4).otherwise(ScriptedBackend.answer("ok"));
        String tooSmall = "budgets:\n  project: {usd: " + (EXACT - 1) + "}\n";
        try (Rig rig = Rig.in(tmp.resolve("second")).yaml(dollarAToken(tooSmall)).backend(poorer).build()) {
            assertThrows(BudgetExceededException.class, () -> rig.orchestrator().chat(call(conversation(5))));
        }
    }

    @Test
    void aTokenBudgetThatTheBoundWouldExceedGetsTheExactCountAndAdmitsTheCall() {
        // A call reserves its prompt plus its most output (1,000 tokens here).
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4).otherwise(ScriptedBackend.answer("ok"));
        String budget = "budgets:\n  project: {tokens: " + (EXACT + 1000 + (BOUND - EXACT) / 2) + "}\n";
        try (Rig rig = Rig.in(tmp).yaml(dollarAToken(budget)).backend(a).build()) {
            assertEquals("a", rig.orchestrator().chat(call(conversation(5))).backend());
            assertEquals(2, a.measured(), "counted once for the budget, once by the backend for its usage");
        }
        ScriptedBackend poorer = ScriptedBackend.named("a").withUpperBound(4).otherwise(ScriptedBackend.answer("ok"));
        String tooSmall = "budgets:\n  project: {tokens: " + (EXACT + 1000 - 1) + "}\n";
        try (Rig rig = Rig.in(tmp.resolve("second")).yaml(dollarAToken(tooSmall)).backend(poorer).build()) {
            assertThrows(BudgetExceededException.class, () -> rig.orchestrator().chat(call(conversation(5))));
        }
    }

    @Test
    void aCostCapThatTheBoundWouldExceedGetsTheExactCountAndAdmitsTheCall() {
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4).otherwise(ScriptedBackend.answer("ok"));
        try (Rig rig = Rig.in(tmp).yaml(dollarAToken("")).backend(a).build()) {
            ChatCall capped = new ChatCall(ChatRequest.of(conversation(5)), "chat", null, List.of(), null,
                    BigDecimal.valueOf(EXACT));
            assertEquals("a", rig.orchestrator().chat(capped).backend());
            ChatCall under = new ChatCall(ChatRequest.of(conversation(5)), "chat", null, List.of(), null,
                    BigDecimal.valueOf(EXACT - 1));
            assertThrows(BudgetExceededException.class, () -> rig.orchestrator().chat(under));
        }
    }

    @Test
    void aPromptWhoseBoundIsOverTheWindowButWhoseCountFitsIsTakenAndSentWhole() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(200, 40).withUpperBound(4)
                .otherwise(ScriptedBackend.answer("ok"));
        try (Rig rig = Rig.in(tmp).backend(small).build()) {
            List<Message> conversation = conversation(50);
            rig.orchestrator().chat(call(conversation));
            assertEquals(4, small.lastRequest().messages().size(), "3 + 20 + 50 words fit the budget of 144");
            assertTrue(small.bounded() > 0, "the bound was asked");
            assertTrue(small.tokenUpperBound(small.lastRequest().messages()) + 40 > 200,
                    "the bound of what was sent is over the window: only the exact count could admit it");

            List<Message> over = conversation(BUDGET - 22);
            rig.orchestrator().chat(call(over));
            assertEquals(3, small.lastRequest().messages().size(), "one word over the shaping budget: shaped");
        }
    }

    @Test
    void aStreamClosedEarlyRecordsTheExactPromptNotItsBound() {
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4);
        a.then(ScriptedBackend.answerInPieces("one ", "two ", "three"));
        try (Rig rig = Rig.in(tmp).yaml(dollarAToken("")).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "count to five"));
            assertEquals(new ChatChunk.Text("one "), s.iterator().next());
            s.close();
            UsageStats spent = rig.store().usageByBackend(UsageScope.ALL).get("a");
            assertEquals(6, spent.promptTokens(), "persona (3 words) and prompt (3 words)");
            assertEquals(1, spent.completionTokens());
        }
    }

    @Test
    void aStreamClosedEarlyIsEstimatedWhenNoBudgetMadeItsSizeMatter() {
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4)
                .otherwise(ScriptedBackend.answerInPieces("one ", "two ", "three ", "four"));
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(call(conversation(5)));
            var it = s.iterator();
            it.next();
            int counted = a.measured();
            s.close();
            assertEquals(counted, a.measured(), "closing early ran the backend's count");
            assertEquals(2, a.estimated(), "the prompt and the text received, each estimated once");
            UsageStats spent = rig.usage().totals(dev.consort.core.api.UsageTracker.Scope.LIFETIME);
            assertTrue(spent.estimated() && spent.promptTokens() > 0 && spent.completionTokens() > 0, spent.toString());
        }
    }

    @Test
    void aStreamClosedEarlyUnderATokenBudgetSettlesOnTheExactPromptAndACountedText() {
        ScriptedBackend a = ScriptedBackend.named("a").withUpperBound(4)
                .otherwise(ScriptedBackend.answerInPieces("one ", "two ", "three ", "four"));
        String budget = "budgets:\n  project: {tokens: " + (EXACT + 1000 + (BOUND - EXACT) / 2) + "}\n";
        try (Rig rig = Rig.in(tmp).yaml(dollarAToken(budget)).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(call(conversation(5)));
            var it = s.iterator();
            it.next();
            int counted = a.measured();
            s.close();
            assertEquals(counted + 1, a.measured(), "the text counted; the prompt's count reused");
            assertEquals(0, a.estimated());
            UsageStats spent = rig.usage().totals(dev.consort.core.api.UsageTracker.Scope.LIFETIME);
            assertEquals(EXACT, spent.promptTokens(), spent.toString());
        }
    }
}
