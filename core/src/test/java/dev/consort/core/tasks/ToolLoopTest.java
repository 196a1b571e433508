package dev.consort.core.tasks;

import static dev.consort.core.orchestrator.ScriptedBackend.answer;
import static dev.consort.core.orchestrator.ScriptedBackend.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.Answer;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Cancellation;
import dev.consort.core.api.LoopListener;
import dev.consort.core.api.LoopRequest;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.LoopResult.Ending;
import dev.consort.core.api.ToolRunner;
import dev.consort.core.orchestrator.Rig;
import dev.consort.core.orchestrator.ScriptedBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool loop on a scripted backend and the test tools ({@code peek} reads, {@code touch} writes). */
class ToolLoopTest {

    @TempDir
    Path tmp;

    private static LoopRequest ask(String prompt) {
        return LoopRequest.of(Rig.SESSION, List.of(Message.user(prompt)));
    }

    /** Everything the listener heard, as short lines. */
    private static final class Heard implements LoopListener {
        final List<String> lines = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void calling(int step, List<Message> messages) {
            lines.add("call " + step);
        }

        @Override
        public void text(String backend, String delta) {
            text.append(delta);
        }

        @Override
        public void answered(int step, Answer answer) {
            lines.add("answer " + step + " " + answer.backend() + " tools=" + answer.response().toolCalls().size());
        }

        @Override
        public void failed(int step, List<dev.consort.core.api.Attempt> attempts, String message) {
            lines.add("failed " + step);
        }

        @Override
        public void toolCalling(ToolCall call) {
            lines.add("tool " + call.name());
        }

        @Override
        public void toolDone(ToolCall call, ToolRunner.Outcome outcome) {
            lines.add("done " + call.name() + " " + outcome.approval().split(" ")[0]
                    + (outcome.result().error() ? " error" : ""));
        }
    }

    @Test
    void runsTheToolTheModelAsksForAndSendsTheResultBack() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a")
                .then(toolCall("peek", "{\"path\":\"notes.txt\"}"), answer("the notes say hello"));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust}\n").backend(a).build()) {
            Files.writeString(rig.work.resolve("notes.txt"), "hello from the file");
            Heard heard = new Heard();

            LoopResult r = rig.consort().toolLoop().run(ask("what do the notes say?"), heard);

            assertEquals(Ending.ANSWERED, r.ending());
            assertEquals("the notes say hello", r.content());
            assertEquals(2, r.steps());
            assertEquals(List.of("call 1", "answer 1 a tools=1", "tool peek", "done peek auto", "call 2",
                    "answer 2 a tools=0"), heard.lines);
            assertEquals(List.of(Role.ASSISTANT, Role.TOOL, Role.ASSISTANT), r.added().stream().map(Message::role).toList());
            ChatRequest second = a.requests().get(1);
            Message toolMessage = second.messages().getLast();
            assertEquals(Role.TOOL, toolMessage.role());
            assertEquals("call-1", toolMessage.toolCallId());
            assertEquals("hello from the file", toolMessage.content());
            assertEquals(List.of("call-1"), second.messages().get(second.messages().size() - 2).toolCalls().stream()
                    .map(ToolCall::id).toList());
            assertTrue(a.requests().getFirst().tools().stream().anyMatch(t -> t.name().equals("peek")),
                    "the model is offered the tools");
            assertTrue(Files.readString(rig.consort().auditLog()).contains("\"tool\":\"peek\""), "audited");
        }
    }

    @Test
    void aRefusedToolGoesBackToTheModelAsAnErrorAndTheLoopGoesOn() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a")
                .then(toolCall("touch", "{\"path\":\"new.txt\"}"), answer("I could not write it"));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: manual}\n").backend(a).build()) {
            Heard heard = new Heard();

            LoopResult r = rig.consort().toolLoop().run(ask("make a file").withApprover(Approver.NOBODY), heard);

            assertEquals(Ending.ANSWERED, r.ending());
            assertTrue(heard.lines.contains("done touch denied error"), heard.lines.toString());
            assertTrue(a.requests().get(1).messages().getLast().content().startsWith("error: "));
            assertTrue(Files.notExists(rig.work.resolve("new.txt")));
        }
    }

    @Test
    void stopsAtMaxStepsWithoutRunningTheLastCalls() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(toolCall("peek", "{\"path\":\"x.txt\"}"));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust}\n").backend(a).build()) {
            Files.writeString(rig.work.resolve("x.txt"), "x");
            Heard heard = new Heard();

            LoopResult r = rig.consort().toolLoop().run(ask("loop").withLimits(3, null), heard);

            assertEquals(Ending.MAX_STEPS, r.ending());
            assertEquals(3, r.steps());
            assertEquals(3, a.requests().size());
            assertEquals(2, heard.lines.stream().filter(l -> l.startsWith("done peek")).count());
            assertEquals("stopped after 3 model calls (max_steps) with 1 tool call not run", r.detail());
        }
    }

    private static final String PRICED = """
            tools: {mode: trust}
            pricing:
              model-a: {input: "1000", output: "1000"}
            """;

    @Test
    void stopsBeforeACallThatCouldGoOverTheRunsOwnLimit() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").withWindow(1000, 10)
                .then(toolCall("peek", "{\"path\":\"x.txt\"}"), answer("done"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a).build()) {
            Files.writeString(rig.work.resolve("x.txt"), "x ".repeat(200));
            // At $1000 per million tokens each way, the first call (some 20 tokens + 10 out) costs about
            // $0.03 at most; the second carries the 200-word file and could cost about $0.23.
            LoopResult r = rig.consort().toolLoop().run(ask("read x.txt").withLimits(10, new BigDecimal("0.10")),
                    new Heard());

            assertEquals(Ending.BUDGET, r.ending());
            assertEquals(1, r.steps());
            assertEquals(1, a.requests().size(), "the second call was never made");
            assertTrue(r.detail().startsWith("budget exceeded: "), r.detail());
            assertTrue(r.detail().endsWith("(the run's own limit: $0.10, spent $" + r.costUsd().toPlainString() + ")"),
                    r.detail());
            assertTrue(r.costUsd().compareTo(new BigDecimal("0.10")) <= 0);
        }
    }

    @Test
    void aProjectBudgetStopsTheLoopAsABudgetEnding() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").then(answer("never"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED + "budgets:\n  project: {usd: \"0.000001\"}\n").backend(a).build()) {
            LoopResult r = rig.consort().toolLoop().run(ask("hello"), new Heard());

            assertEquals(Ending.BUDGET, r.ending());
            assertEquals(0, r.steps());
            assertTrue(a.requests().isEmpty());
        }
    }

    @Test
    void aFailingBackendEndsTheRunAsFailedWithItsAttempts() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenFails(5, a.authFailure());
        try (Rig rig = Rig.in(tmp).yaml("routing: {retry: {attempts: 1}}\n").backend(a).build()) {
            LoopResult r = rig.consort().toolLoop().run(ask("hello"), new Heard());

            assertEquals(Ending.FAILED, r.ending());
            assertTrue(r.detail().contains("a: authentication"), r.detail());
        }
    }

    @Test
    void streamsTextAndPausesForAToolCallThatArrivesInTheStream() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").then(
                new ScriptedBackend.Answer(List.of("Let ", "me ", "look. "),
                        List.of(new ToolCall("c1", "peek", "{\"path\":\"x.txt\"}"))),
                answer("It says x."));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust}\n").backend(a).build()) {
            Files.writeString(rig.work.resolve("x.txt"), "x");
            Heard heard = new Heard();

            LoopResult r = rig.consort().toolLoop().run(ask("look").withStream(true), heard);

            assertEquals(Ending.ANSWERED, r.ending());
            assertEquals("Let me look. It says x.", heard.text.toString().replaceAll("\\s+", " ").strip());
            assertEquals(List.of("call 1", "answer 1 a tools=1", "tool peek", "done peek auto", "call 2",
                    "answer 2 a tools=0"), heard.lines);
        }
    }

    @Test
    void cancellingMidStreamClosesTheBackendsStreamAndEndsTheRun() throws Exception {
        Cancellation cancel = new Cancellation();
        ScriptedBackend a = ScriptedBackend.named("a").then(ScriptedBackend.answerInPieces("one ", "two ", "three "))
                .onChunk((i, chunk) -> {
                    if (i == 1 && chunk instanceof ChatChunk.Text) {
                        cancel.cancel("Ctrl-C");
                    }
                });
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Heard heard = new Heard();

            LoopResult r = rig.consort().toolLoop().run(ask("count").withStream(true).withCancellation(cancel), heard);

            assertEquals(Ending.CANCELLED, r.ending());
            assertEquals("Ctrl-C", r.detail());
            assertEquals(1, a.closedStreams());
            assertTrue(heard.text.length() < "one two three ".length(), heard.text.toString());
        }
    }

    @Test
    void malformedToolArgumentsGoBackToTheModelOnceWithTheErrorThenTheLoopGoesOn() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").then(
                toolCall("peek", "{\"file\":\"x.txt\"}"),
                toolCall("peek", "{\"path\":\"x.txt\"}"),
                answer("it says x"));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust}\n").backend(a).build()) {
            Files.writeString(rig.work.resolve("x.txt"), "x");
            Heard heard = new Heard();

            LoopResult r = rig.consort().toolLoop().run(ask("read x.txt"), heard);

            assertEquals(Ending.ANSWERED, r.ending());
            assertEquals(3, a.requests().size());
            String correction = a.requests().get(1).messages().getLast().content();
            assertTrue(correction.startsWith("Your previous answer was rejected: "), correction);
            assertTrue(correction.contains("peek"), correction);
            assertEquals(1, heard.lines.stream().filter(l -> l.startsWith("done peek")).count(), heard.lines.toString());
        }
    }

    @Test
    void malformedToolArgumentsTwiceFallBackToTheNextBackend() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(toolCall("peek", "{\"file\":1}"));
        ScriptedBackend b = ScriptedBackend.named("b").then(answer("b answers"));
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            LoopResult r = rig.consort().toolLoop().run(ask("read"), new Heard());

            assertEquals(Ending.ANSWERED, r.ending());
            assertEquals("b", r.backend());
            assertEquals(2, a.requests().size(), "regenerated once, then fell back");
        }
    }
}
