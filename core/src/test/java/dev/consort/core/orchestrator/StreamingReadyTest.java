package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.Answer;
import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AnswerStream#ready()} through the orchestrator: true only when the next chunk, or the end, is
 * here without a backend to wait on; it steps through what the backend stream holds, never opens a try,
 * and asking it changes neither the chunks nor the answer.
 */
class StreamingReadyTest {

    private static final String PRICED = StreamingTest.PRICED;
    private static final String RESTART = StreamingTest.RESTART;
    private static final ToolSpec ADD = new ToolSpec("add", "adds two numbers", """
            {"type": "object", "required": ["a", "b"],
             "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "additionalProperties": false}
            """);

    @TempDir
    Path tmp;

    private int rigs;

    private Rig rig(String yaml, ScriptedBackend... backends) {
        return Rig.in(tmp.resolve("rig" + rigs++)).yaml(yaml).backend(backends).build();
    }

    private static List<String> outcomes(AnswerStream s) {
        return s.attempts().stream().map(a -> a.backend() + "#" + a.attempt() + ":" + a.outcome()).toList();
    }

    @Test
    void notReadyBeforeTheFirstChunkAndAskingOpensNothing() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true);
        a.then(ScriptedBackend.answerInPieces("Hel", "lo"));
        try (Rig rig = rig(PRICED, a); AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"))) {
            assertFalse(s.ready(), "no stream is open: the next chunk needs a call to a backend");
            assertFalse(s.ready());
            assertEquals(0, a.calls(), "ready() called the backend");
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("Hel"), it.next());
            assertEquals(1, a.calls());
        }
    }

    @Test
    void readyWhileTheBackendsChunksAreHereAndAtTheEnd() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true);
        a.then(ScriptedBackend.answerInPieces("one ", "two ", "three"));
        try (Rig rig = rig(PRICED, a); AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "count"))) {
            Iterator<ChatChunk> it = s.iterator();
            List<ChatChunk> got = new ArrayList<>();
            got.add(it.next());
            while (true) {
                assertTrue(s.ready(), "the backend's next chunk is here, after " + got);
                if (!it.hasNext()) {
                    break;
                }
                got.add(it.next());
            }
            assertEquals(List.of(new ChatChunk.Text("one "), new ChatChunk.Text("two "), new ChatChunk.Text("three")),
                    got.subList(0, 3));
            assertInstanceOf(ChatChunk.Done.class, got.getLast());
            assertTrue(s.ready(), "an ended stream is ready: hasNext returns at once");
            assertEquals("one two three", s.answer().orElseThrow().response().content());
            assertEquals(1, a.calls());
        }
    }

    @Test
    void notReadyWhenTheBackendStreamIsNotAndAskingTakesNothing() {
        // Chunks 0 and 1 are here; chunk 2 is not (yet); 3 and the Done are.
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> i != 2);
        a.then(ScriptedBackend.answerInPieces("a", "b", "c", "d"));
        try (Rig rig = rig(PRICED, a); AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "x"))) {
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("a"), it.next());
            assertTrue(s.ready());
            assertTrue(s.ready(), "asking twice takes no second chunk");
            assertEquals(new ChatChunk.Text("b"), it.next());
            int asked = a.readyAsked();
            assertFalse(s.ready(), "the backend's chunk 2 is not here");
            assertFalse(s.ready());
            assertTrue(a.readyAsked() > asked, "the orchestrator asked the backend stream");
            assertEquals(new ChatChunk.Text("c"), it.next(), "nothing was taken or lost by asking");
            assertTrue(s.ready());
            assertEquals(new ChatChunk.Text("d"), it.next());
            assertTrue(s.ready());
            assertInstanceOf(ChatChunk.Done.class, it.next());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void aBackendStreamThatNeverSaysReadyIsNeverReady() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.answerInPieces("a", "b"));
        try (Rig rig = rig(PRICED, a); AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "x"))) {
            Iterator<ChatChunk> it = s.iterator();
            it.next();
            assertFalse(s.ready());
            it.next();
            assertFalse(s.ready());
            assertInstanceOf(ChatChunk.Done.class, it.next());
        }
    }

    @Test
    void stepsThroughUsageUpdatesAndHeldToolCallsToTheNextChunk() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true).withUsageUpdates();
        a.then(new ScriptedBackend.Answer(List.of("Adding. "), List.of(new ToolCall("call-1", "add", "{\"a\": 1, \"b\": 2}"))));
        ChatCall call = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("add"))).tools(List.of(ADD))
                .build(), "chat", null, List.of(), null);
        try (Rig rig = rig(PRICED, a); AnswerStream s = rig.orchestrator().stream(call)) {
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("Adding. "), it.next());
            assertTrue(s.ready(), "the usage update is here");
            assertInstanceOf(ChatChunk.UsageUpdate.class, it.next());
            assertTrue(s.ready(), "the held tool call and the Done are here");
            assertTrue(s.answer().isPresent(), "ready() stepped to the end: the answer is settled");
            assertInstanceOf(ChatChunk.ToolCallReady.class, it.next());
            assertInstanceOf(ChatChunk.Done.class, it.next());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void aFailureAfterOutputFoundByReadyRestartsNothingUntilTheNextChunkIsAskedFor() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true);
        ScriptedBackend b = ScriptedBackend.named("b").withReadiness(i -> true);
        a.thenFailsAfter(a.transport(), "The answer ");
        b.then(ScriptedBackend.answerInPieces("Forty", "-two"));
        try (Rig rig = rig(RESTART, a, b); AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"))) {
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("The answer "), it.next());
            assertFalse(s.ready(), "a's failure was here, but the restart's first chunk needs a call to b");
            assertFalse(s.ready());
            assertEquals(0, b.calls(), "ready() opened a new try");
            assertEquals(List.of("a#1:transport"), outcomes(s));
            assertEquals(new ChatChunk.Restarted("a", "b", "backend 'a': connection reset"), it.next());
            assertEquals(1, b.calls());
            assertEquals(new ChatChunk.Text("Forty"), it.next());
            assertTrue(s.ready());
        }
    }

    @Test
    void aFailureAfterOutputWithoutRestartIsAFailedChunkThatIsHere() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true);
        ScriptedBackend b = ScriptedBackend.named("b").withReadiness(i -> true);
        a.thenFailsAfter(a.transport(), "The answer ");
        try (Rig rig = rig(PRICED, a, b); AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"))) {
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("The answer "), it.next());
            assertTrue(s.ready(), "the Failed chunk needs no backend");
            assertEquals(new ChatChunk.Failed("a", "backend 'a': connection reset"), it.next());
            assertFalse(it.hasNext());
            assertEquals(0, b.calls());
        }
    }

    @Test
    void aRegenerationFoundByReadyGivesItsRestartedChunkButOpensNoTry() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true);
        a.then(new ScriptedBackend.Answer(List.of("Adding. "), List.of(new ToolCall("call-1", "add", "{\"a\": \"one\", \"b\": 2}"))),
                ScriptedBackend.toolCall("add", "{\"a\": 1, \"b\": 2}"));
        ChatCall call = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("add"))).tools(List.of(ADD))
                .build(), "chat", null, List.of(), null);
        try (Rig rig = rig(PRICED, a); AnswerStream s = rig.orchestrator().stream(call)) {
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("Adding. "), it.next());
            assertTrue(s.ready(), "the Restarted chunk of the regeneration is here");
            assertEquals(1, a.calls());
            ChatChunk restarted = it.next();
            assertInstanceOf(ChatChunk.Restarted.class, restarted);
            assertFalse(s.ready(), "the regenerated answer needs a second call");
            assertEquals(1, a.calls(), "ready() opened the regeneration");
            assertInstanceOf(ChatChunk.ToolCallReady.class, it.next());
            assertEquals(2, a.calls());
        }
    }

    @Test
    void aStreamClosedByTheCallerIsNotReady() {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> true);
        a.then(ScriptedBackend.answerInPieces("a", "b", "c"));
        try (Rig rig = rig(PRICED, a)) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "x"));
            s.iterator().next();
            s.close();
            assertFalse(s.ready());
            assertFalse(s.iterator().hasNext());
        }
    }

    // ---- asking changes nothing ---------------------------------------------------------------------

    /** One scenario: its backends (fresh for every run) and its call. */
    private record Scenario(String name, String yaml, ChatCall call, java.util.function.Supplier<ScriptedBackend[]> backends) {
    }

    private static List<Scenario> scenarios() {
        ChatCall chat = ChatCall.of("chat", "count to three");
        ChatCall tools = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("add"))).tools(List.of(ADD))
                .build(), "chat", null, List.of(), null);
        ChatCall json = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("n?")))
                .responseFormat(ResponseFormat.JSON_OBJECT).build(), "chat", null, List.of(), null);
        return List.of(
                new Scenario("plain", PRICED, chat, () -> backends(a -> a.then(ScriptedBackend.answer("one two three four")))),
                new Scenario("usage updates", PRICED, chat, () -> {
                    ScriptedBackend[] bs = backends(a -> a.then(ScriptedBackend.answer("one two three")));
                    bs[0].withUsageUpdates();
                    return bs;
                }),
                new Scenario("text then a tool call", PRICED, tools, () -> backends(a -> a.then(new ScriptedBackend.Answer(
                        List.of("Adding ", "now. "), List.of(new ToolCall("call-1", "add", "{\"a\": 1, \"b\": 2}")))))),
                new Scenario("regenerated tool call", PRICED, tools, () -> backends(a -> a.then(new ScriptedBackend.Answer(
                        List.of("Adding. "), List.of(new ToolCall("call-1", "add", "{\"a\": \"one\", \"b\": 2}"))),
                        ScriptedBackend.toolCall("add", "{\"a\": 1, \"b\": 2}")))),
                new Scenario("json, buffered", PRICED, json, () -> backends(a -> a.then(
                        ScriptedBackend.answerInPieces("{\"n\":", " 1}")))),
                new Scenario("failure after output", PRICED, chat, () -> backends(a -> a.thenFailsAfter(a.transport(),
                        "The ", "answer "))),
                new Scenario("restart after output", RESTART, chat, () -> backends(a -> a.thenFailsAfter(a.transport(),
                        "The ", "answer "))),
                new Scenario("fallback before output", PRICED, chat, () -> backends(a -> a.thenFails(1, a.serverError()))));
    }

    /** Backends a and b (b answers "fine thanks"), each saying ready for some chunks and not for others. */
    private static ScriptedBackend[] backends(Consumer<ScriptedBackend> scriptA) {
        ScriptedBackend a = ScriptedBackend.named("a").withReadiness(i -> i % 3 != 1);
        ScriptedBackend b = ScriptedBackend.named("b").withReadiness(i -> i % 2 == 0);
        scriptA.accept(a);
        b.otherwise(ScriptedBackend.answerInPieces("fine ", "thanks"));
        return new ScriptedBackend[] {a, b};
    }

    /** What one run came to: everything a caller or the ledger can see. */
    private record Run(List<ChatChunk> chunks, List<String> attempts, Optional<String> backend, String content,
                       Object finish, List<ToolCall> toolCalls, Object usage, String model, java.math.BigDecimal cost,
                       int callsA, int callsB, int closedA, int closedB) {
    }

    private Run run(Scenario sc, Random asking) {
        ScriptedBackend[] bs = sc.backends().get();
        try (Rig rig = rig(sc.yaml(), bs); AnswerStream s = rig.orchestrator().stream(sc.call())) {
            List<ChatChunk> chunks = new ArrayList<>();
            Iterator<ChatChunk> it = s.iterator();
            while (true) {
                for (int i = asking == null ? 0 : asking.nextInt(4); i > 0; i--) {
                    s.ready();
                }
                if (!it.hasNext()) {
                    break;
                }
                chunks.add(it.next());
            }
            Answer a = s.answer().orElse(null);
            return new Run(chunks, outcomes(s), s.backend(), a == null ? null : a.response().content(),
                    a == null ? null : a.response().finishReason(), a == null ? null : a.response().toolCalls(),
                    a == null ? null : a.response().usage(), a == null ? null : a.model(), a == null ? null : a.costUsd(),
                    bs[0].calls(), bs[1].calls(), bs[0].closedStreams(), bs[1].closedStreams());
        }
    }

    @Test
    void askingReadyBetweenChunksChangesNeitherTheChunksNorTheAnswer() {
        for (Scenario sc : scenarios()) {
            Run plain = run(sc, null);
            assertFalse(plain.chunks().isEmpty(), sc.name());
            for (long seed = 1; seed <= 2; seed++) {
                assertEquals(plain, run(sc, new Random(seed)), sc.name() + ", seed " + seed);
            }
        }
    }
}
