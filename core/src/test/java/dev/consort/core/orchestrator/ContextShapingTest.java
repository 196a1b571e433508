package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fitting a conversation into a window: system messages and newest turns stay, tool exchanges stay whole. */
class ContextShapingTest {

    private static final ToIntFunction<List<Message>> WORDS = ms -> ms.stream()
            .mapToInt(m -> ScriptedBackend.count(m.content()) + m.toolCalls().stream()
                    .mapToInt(c -> 1 + ScriptedBackend.count(c.argumentsJson())).sum())
            .sum();

    @TempDir
    Path tmp;

    private static String words(int n, String tag) {
        return (tag + " ").repeat(n).strip();
    }

    /** The assistant's two tool calls (2 words each) and their results (10 words each): 24 words. */
    private static List<Message> toolExchange(String id) {
        return List.of(
                Message.assistant("", List.of(new ToolCall(id + "-1", "read", "{}"), new ToolCall(id + "-2", "read", "{}"))),
                Message.tool(id + "-1", "read", words(10, id)),
                Message.tool(id + "-2", "read", words(10, id)));
    }

    @Test
    void keepsLeadingSystemMessagesAndTheNewestTurnsThatFit() {
        List<Message> in = List.of(Message.system("persona here"), Message.system("facts here"),
                Message.user(words(10, "old")), Message.assistant(words(10, "old")),
                Message.user(words(10, "mid")), Message.assistant(words(10, "mid")),
                Message.user(words(10, "new")));
        ContextShaper.Shaped s = ContextShaper.shape(in, 4 + 30, WORDS);
        assertEquals(List.of(in.get(0), in.get(1), in.get(4), in.get(5), in.get(6)), s.messages());
        assertEquals(34, s.tokens());
        assertEquals(2, s.dropped());
    }

    @Test
    void leavesAConversationThatFitsUntouched() {
        List<Message> in = List.of(Message.system("s"), Message.user("a b c"), Message.assistant("d"), Message.user("e"));
        ContextShaper.Shaped s = ContextShaper.shape(in, 100, WORDS);
        assertEquals(in, s.messages());
        assertEquals(0, s.dropped());
    }

    @Test
    void keepsTheNewestTurnEvenWhenItAloneIsOverTheBudget() {
        List<Message> in = List.of(Message.system("s"), Message.user("old"), Message.user(words(50, "huge")));
        ContextShaper.Shaped s = ContextShaper.shape(in, 10, WORDS);
        assertEquals(List.of(in.get(0), in.get(2)), s.messages());
        assertEquals(51, ContextShaper.minimal(in, WORDS));
    }

    @Test
    void dropsAToolCallAndItsResultsTogetherNeverSplittingThem() {
        List<Message> in = new ArrayList<>();
        in.add(Message.system("s"));
        in.add(Message.user("q1"));
        in.addAll(toolExchange("x"));
        in.add(Message.assistant("done"));
        in.add(Message.user("q2"));
        // every budget from too small for the exchange to room for all of it
        for (int budget = 1; budget <= 30; budget++) {
            List<Message> out = ContextShaper.shape(in, budget, WORDS).messages();
            assertWhole(out);
            boolean callKept = out.contains(in.get(2));
            assertEquals(callKept, out.contains(in.get(3)), "budget " + budget + ": " + out);
            assertEquals(callKept, out.contains(in.get(4)), "budget " + budget + ": " + out);
        }
        List<Message> kept = ContextShaper.shape(in, 1 + 24 + 2, WORDS).messages();
        assertEquals(List.of(in.get(0), in.get(2), in.get(3), in.get(4), in.get(5), in.get(6)), kept);
    }

    /** Every tool result follows the assistant message that called it; nothing starts with a result. */
    private static void assertWhole(List<Message> messages) {
        Set<String> called = new HashSet<>();
        for (Message m : messages) {
            m.toolCalls().forEach(c -> called.add(c.id()));
            if (m.role() == Role.TOOL) {
                assertTrue(called.contains(m.toolCallId()), "orphaned tool result " + m.toolCallId() + " in " + messages);
            }
        }
    }

    @Test
    void theEngineSendsASmallBackendAShapedConversationWithWholeToolExchanges() {
        ScriptedBackend small = ScriptedBackend.named("small").withWindow(200, 40);
        List<Message> history = new ArrayList<>();
        history.add(Message.system("Be brief."));
        for (int i = 0; i < 12; i++) {
            history.add(Message.user("question " + i));
            history.addAll(toolExchange("t" + i));
            history.add(Message.assistant("answer " + i));
        }
        history.add(Message.user("the newest question"));
        try (Rig rig = Rig.in(tmp).backend(small).build()) {
            rig.orchestrator().chat(new ChatCall(ChatRequest.of(history), "chat", null, List.of(), null));
        }
        List<Message> sent = small.lastRequest().messages();
        assertEquals(List.of(Message.system("You are small."), Message.system("Be brief.")), sent.subList(0, 2));
        assertEquals(Message.user("the newest question"), sent.getLast());
        assertTrue(sent.size() < history.size() + 1, "nothing was dropped");
        assertTrue(small.countTokens(sent) <= ContextShaper.budget(200, 40), small.countTokens(sent) + " tokens");
        assertWhole(sent);
        assertTrue(sent.get(2).role() != Role.TOOL, sent.toString());
        // what was kept is the newest part of the history, in order
        List<Message> tail = history.subList(history.size() - (sent.size() - 2), history.size());
        assertEquals(tail, sent.subList(2, sent.size()));
    }
}
