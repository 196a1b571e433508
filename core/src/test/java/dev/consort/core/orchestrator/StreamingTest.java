package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed calls: transparent fallback before output, error or restart after it, validation, costing. */
class StreamingTest {

    static final String PRICED = """
            routing:
              retry: {attempts: 1}
            pricing:
              a: {input: "2", output: "8"}
              b: {input: "1", output: "4"}
            """;
    static final String RESTART = PRICED.replace("routing:\n", "routing:\n  on_partial_stream_failure: restart\n");

    @TempDir
    Path tmp;

    private static List<ChatChunk> drain(AnswerStream s) {
        List<ChatChunk> out = new ArrayList<>();
        try (s) {
            s.forEach(out::add);
        }
        return out;
    }

    private static String text(List<ChatChunk> chunks) {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> {
            if (c instanceof ChatChunk.Text t) {
                b.append(t.delta());
            }
        });
        return b.toString();
    }

    private static List<String> outcomes(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.backend() + "#" + a.attempt() + ":" + a.outcome()).toList();
    }

    private static Map<String, UsageStats> ledger(Rig rig) {
        return rig.store().usageByBackend(UsageScope.ALL);
    }

    @Test
    void streamsTheAnswerChunkByChunkAndEndsWithDone() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.answerInPieces("Hel", "lo ", "world"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "greet"));
            List<ChatChunk> chunks = drain(s);
            assertEquals(List.of(new ChatChunk.Text("Hel"), new ChatChunk.Text("lo "), new ChatChunk.Text("world")),
                    chunks.subList(0, 3));
            assertInstanceOf(ChatChunk.Done.class, chunks.getLast());
            assertEquals("a", s.answer().orElseThrow().backend());
            assertEquals("Hello world", s.answer().orElseThrow().response().content());
            assertTrue(s.answer().orElseThrow().costUsd().signum() > 0);
            assertEquals(1, a.closedStreams());
        }
    }

    @Test
    void aFailureBeforeTheFirstChunkFallsBackTransparently() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFails(1, a.authFailure());
        b.then(ScriptedBackend.answerInPieces("from ", "b"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a, b).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"));
            List<ChatChunk> chunks = drain(s);
            assertEquals("from b", text(chunks));
            assertFalse(chunks.stream().anyMatch(c -> c instanceof ChatChunk.Restarted || c instanceof ChatChunk.Failed),
                    chunks.toString());
            assertEquals(List.of("a#1:authentication", "b#1:ok"), outcomes(s.attempts()));
            assertEquals("b", s.backend().orElseThrow());
        }
    }

    @Test
    void aFailureOnTheFirstStepOfTheIterationAlsoFallsBackTransparently() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFailsAfter(a.serverError());
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a, b).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"));
            assertEquals("ok", text(drain(s)));
            assertEquals(List.of("a#1:server_error", "b#1:ok"), outcomes(s.attempts()));
        }
    }

    @Test
    void aFailureAfterPartialOutputEndsWithAFailedChunkByDefault() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFailsAfter(a.transport(), "The answer ", "is ");
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a, b).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"));
            List<ChatChunk> chunks = drain(s);
            assertEquals(List.of(new ChatChunk.Text("The answer "), new ChatChunk.Text("is "),
                    new ChatChunk.Failed("a", "backend 'a': connection reset")), chunks);
            assertEquals(0, b.calls());
            assertTrue(s.answer().isEmpty());
            UsageStats spent = ledger(rig).get("a");
            assertEquals(1, spent.requests());
            assertEquals(1, spent.errors());
            assertTrue(spent.costUsd().signum() > 0, "the partial output is costed: " + spent);
        }
    }

    @Test
    void aFailureAfterPartialOutputRestartsOnTheNextBackendWhenConfigured() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFailsAfter(a.transport(), "The answer ", "is ");
        b.then(ScriptedBackend.answerInPieces("Forty", "-two"));
        try (Rig rig = Rig.in(tmp).yaml(RESTART).backend(a, b).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"));
            List<ChatChunk> chunks = drain(s);
            assertEquals(List.of(new ChatChunk.Text("The answer "), new ChatChunk.Text("is "),
                    new ChatChunk.Restarted("a", "b", "backend 'a': connection reset"),
                    new ChatChunk.Text("Forty"), new ChatChunk.Text("-two")), chunks.subList(0, 5));
            assertInstanceOf(ChatChunk.Done.class, chunks.getLast());
            assertEquals("Forty-two", s.answer().orElseThrow().response().content());
            assertEquals(List.of("a#1:transport", "b#1:ok"), outcomes(s.attempts()));
        }
    }

    @Test
    void aChunkTheBackendCannotParseIsTreatedAsATransportFailure() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFailsAfter(new IllegalStateException("unexpected token '}' in event data"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a, b).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "hi"));
            assertEquals("ok", text(drain(s)));
            Attempt first = s.attempts().getFirst();
            assertEquals("transport", first.outcome());
            assertTrue(first.detail().contains("malformed stream: unexpected token"), first.detail());
        }
    }

    @Test
    void aMalformedChunkAfterPartialOutputEndsTheStreamWithAFailedChunk() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenFailsAfter(new IllegalArgumentException("bad JSON in event"), "partial ");
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a).build()) {
            List<ChatChunk> chunks = drain(rig.orchestrator().stream(ChatCall.of("chat", "hi")));
            ChatChunk.Failed failed = assertInstanceOf(ChatChunk.Failed.class, chunks.getLast());
            assertTrue(failed.message().contains("malformed stream: bad JSON in event"), failed.message());
        }
    }

    @Test
    void aStreamedJsonAnswerIsBufferedValidatedAndRegeneratedBeforeTheCallerSeesIt() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.answerInPieces("Here ", "you ", "go: {"), ScriptedBackend.answerInPieces("{\"n\"", ": 1}"));
        ChatCall call = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("n?")))
                .responseFormat(ResponseFormat.JSON_OBJECT).build(), "chat", null, List.of(), null);
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(call);
            List<ChatChunk> chunks = drain(s);
            assertEquals(List.of(new ChatChunk.Text("{\"n\": 1}")), chunks.stream()
                    .filter(c -> !(c instanceof ChatChunk.Done)).toList());
            assertEquals(List.of("a#1:malformed_output", "a#2:ok"), outcomes(s.attempts()));
            List<Message> second = a.requests().get(1).messages();
            assertEquals("Here you go: {", second.get(second.size() - 2).content());
            assertTrue(second.getLast().content().startsWith("Your previous answer was rejected"));
        }
    }

    @Test
    void usageIsTakenFromUpdatesAsChunksArriveAndAStreamClosedEarlyIsStillCosted() {
        ScriptedBackend a = ScriptedBackend.named("a").withUsageUpdates();
        a.then(ScriptedBackend.answerInPieces("one ", "two ", "three ", "four ", "five"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "count to five"));
            Iterator<ChatChunk> it = s.iterator();
            assertEquals(new ChatChunk.Text("one "), it.next());
            ChatChunk.UsageUpdate u = assertInstanceOf(ChatChunk.UsageUpdate.class, it.next());
            assertEquals(1, u.usage().completionTokens());
            assertEquals(new ChatChunk.Text("two "), it.next());
            assertInstanceOf(ChatChunk.UsageUpdate.class, it.next());
            s.close();

            assertEquals(1, a.closedStreams());
            UsageStats spent = ledger(rig).get("a");
            assertEquals(1, spent.requests());
            assertEquals(2, spent.completionTokens());
            assertEquals(6, spent.promptTokens(), "persona (3 words) and prompt (3 words)");
            assertEquals(new BigDecimal("0.000028"), spent.costUsd());
            assertEquals("cancelled", s.attempts().getLast().outcome());
        }
    }

    @Test
    void aStreamClosedEarlyWithoutUsageFromTheProviderIsCostedByEstimate() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.answerInPieces("one ", "two ", "three ", "four ", "five"));
        try (Rig rig = Rig.in(tmp).yaml(PRICED).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "count to five"));
            Iterator<ChatChunk> it = s.iterator();
            it.next();
            it.next();
            s.close();
            UsageStats spent = ledger(rig).get("a");
            assertEquals(1, spent.requests());
            assertTrue(spent.estimated(), spent.toString());
            assertTrue(spent.completionTokens() > 0 && spent.costUsd().signum() > 0, spent.toString());
            assertEquals(1, rig.usage().totals(dev.consort.core.api.UsageTracker.Scope.LIFETIME).requests());
        }
    }

    @Test
    void closingAStreamFromAnotherThreadWhileItWaitsForAChunkCostsItOnceAndBlamesNoBackend() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.answerInPieces("one ", "two ", "three ", "four"));
        a.onChunk((i, c) -> {
            if (i == 2) {
                reached.countDown();
                release.await(5, TimeUnit.SECONDS);
            }
        });
        String yaml = """
                routing:
                  retry: {attempts: 1}
                  cooldown: {failures: 1, period: 60s}
                pricing:
                  a: {input: "2", output: "8"}
                """;
        try (Rig rig = Rig.in(tmp).yaml(yaml).backend(a).build()) {
            AnswerStream s = rig.orchestrator().stream(ChatCall.of("chat", "count"));
            List<ChatChunk> seen = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    s.forEach(seen::add);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertTrue(reached.await(5, TimeUnit.SECONDS));
            s.close();
            release.countDown();
            reader.join(5_000);

            assertEquals(null, failure.get());
            assertEquals(List.of(new ChatChunk.Text("one "), new ChatChunk.Text("two ")), seen);
            UsageStats spent = ledger(rig).get("a");
            assertEquals(1, spent.requests(), "one ledger row for one cancelled stream: " + spent);
            assertEquals(0, spent.errors(), spent.toString());
            assertEquals(List.of("a#1:cancelled"), outcomes(s.attempts()));
            assertFalse(rig.orchestrator().backends().getFirst().coolingDown(),
                    "the caller's cancel is not the backend's failure");
        }
    }
}
