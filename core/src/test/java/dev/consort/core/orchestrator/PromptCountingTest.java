package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
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
}
