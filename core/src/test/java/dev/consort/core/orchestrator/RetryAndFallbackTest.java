package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.routing.RouteStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries with backoff on one backend, fallback to the next, cool-downs, and the record of attempts. */
class RetryAndFallbackTest {

    /** Cool-down set high: it would otherwise cut the fourth try short (see the report). */
    private static final String RETRY = """
            routing:
              retry: {attempts: 4, backoff: 100ms, max_backoff: 1s}
              cooldown: {failures: 100}
            """;

    /** Full jitter drawn at its top: each wait is then exactly the cap for that try. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @TempDir
    Path tmp;

    private static List<String> outcomes(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.backend() + "#" + a.attempt() + ":" + a.outcome()).toList();
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    @Test
    void retriesATransientFailureWithExponentialWaitsCappedAtMaxBackoff() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenFails(3, a.serverError()).thenAnswers("fine");
        try (Rig rig = Rig.in(tmp).yaml(RETRY.replace("max_backoff: 1s", "max_backoff: 300ms")).random(HIGHEST)
                .backend(a).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals("fine", answer.response().content());
            assertEquals(List.of(ms(100), ms(200), ms(300)), rig.sleeper.waits());
            assertEquals(List.of("a#1:server_error", "a#2:server_error", "a#3:server_error", "a#4:ok"),
                    outcomes(answer.attempts()));
        }
    }

    @Test
    void jitteredWaitsStayBetweenZeroAndTheCapOfTheirTry() {
        ScriptedBackend a = ScriptedBackend.named("a");
        List<Duration> all = new ArrayList<>();
        try (Rig rig = Rig.in(tmp).yaml(RETRY).backend(a).build()) {
            for (int i = 0; i < 25; i++) {
                a.thenFails(3, a.transport()).thenAnswers("ok");
                rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            }
            all.addAll(rig.sleeper.waits());
        }
        assertEquals(75, all.size());
        for (int i = 0; i < all.size(); i++) {
            long cap = 100L << (i % 3);
            long w = all.get(i).toMillis();
            assertTrue(w >= 0 && w <= cap, "wait " + i + " was " + w + " ms, cap " + cap);
        }
        assertTrue(all.stream().distinct().count() > 10, "not jittered: " + all);
    }

    @Test
    void honoursRetryAfterExactly() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenFails(1, a.rateLimited(ms(700))).thenAnswers("after the wait");
        try (Rig rig = Rig.in(tmp).yaml(RETRY).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(List.of(ms(700)), rig.sleeper.waits());
            assertEquals(List.of("a#1:rate_limited", "a#2:ok"), outcomes(answer.attempts()));
        }
    }

    @Test
    void movesToTheNextCandidateWhenRetryAfterIsLongerThanMaxBackoff() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFails(1, a.rateLimited(Duration.ofSeconds(5)));
        try (Rig rig = Rig.in(tmp).yaml(RETRY).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals("b", answer.backend());
            assertEquals(List.of(), rig.sleeper.waits());
            assertEquals(List.of("a#1:rate_limited", "b#1:ok"), outcomes(answer.attempts()));
        }
    }

    @Test
    void triesEachBackendAsOftenAsRetryAttemptsSaysThenFallsBack() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.transport()));
        try (Rig rig = Rig.in(tmp).yaml("routing:\n  retry: {attempts: 2}\n").backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(List.of("a#1:transport", "a#2:transport", "b#1:ok"), outcomes(answer.attempts()));
            assertEquals(2, a.calls());
            assertEquals(1, rig.sleeper.waits().size());
        }
    }

    @Test
    void goesToTheNextCandidateAtOnceWhenAuthenticationFails() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.authFailure()));
        try (Rig rig = Rig.in(tmp).yaml(RETRY).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(List.of("a#1:authentication", "b#1:ok"), outcomes(answer.attempts()));
            assertEquals(List.of(), rig.sleeper.waits());
        }
    }

    @Test
    void goesToTheNextCandidateAtOnceWhenTheRequestIsRejectedAsInvalid() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.invalidRequest()));
        try (Rig rig = Rig.in(tmp).yaml(RETRY).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(List.of("a#1:invalid_request", "b#1:ok"), outcomes(answer.attempts()));
            assertEquals(1, a.calls());
            assertEquals(List.of(), rig.sleeper.waits());
        }
    }

    private static ChatCall longConversation() {
        List<Message> history = new ArrayList<>();
        history.add(Message.system("Be brief."));
        for (int i = 0; i < 30; i++) {
            history.add(Message.user("question " + i + " " + "pad ".repeat(30)));
            history.add(Message.assistant("answer " + i));
        }
        history.add(Message.user("the newest question"));
        return new ChatCall(ChatRequest.of(history), "chat", null, List.of(), null);
    }

    @Test
    void reshapesOnceWhenTheContextLengthIsExceeded() {
        ScriptedBackend a = ScriptedBackend.named("a").withWindow(1_000, 100);
        a.thenFails(1, a.contextLengthExceeded()).thenAnswers("short enough");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(longConversation());
            assertEquals("short enough", answer.response().content());
            assertEquals(List.of("a#1:context_length_exceeded", "a#2:ok"), outcomes(answer.attempts()));
            List<Message> first = a.requests().get(0).messages();
            List<Message> second = a.requests().get(1).messages();
            assertTrue(a.countTokens(second) < a.countTokens(first),
                    a.countTokens(second) + " tokens after reshaping, " + a.countTokens(first) + " before");
            assertTrue(a.countTokens(second) <= 0.75 * (1_000 - 100), a.countTokens(second) + " tokens");
            assertEquals("You are a.", second.get(0).content());
            assertEquals("Be brief.", second.get(1).content());
            assertEquals("the newest question", second.getLast().content());
            assertEquals(List.of(), rig.sleeper.waits());
        }
    }

    @Test
    void fallsBackWhenTheContextLengthIsStillExceededAfterReshaping() {
        ScriptedBackend a = ScriptedBackend.named("a").withWindow(1_000, 100);
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.contextLengthExceeded()));
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(longConversation());
            assertEquals(List.of("a#1:context_length_exceeded", "a#2:context_length_exceeded", "b#1:ok"),
                    outcomes(answer.attempts()));
            assertEquals(2, a.calls());
        }
    }

    @Test
    void coolsABackendDownAfterConsecutiveFailuresUntilTheClockPassesThePeriod() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.transport()));
        String yaml = """
                routing:
                  retry: {attempts: 1}
                  cooldown: {failures: 2, period: 30s}
                """;
        try (Rig rig = Rig.in(tmp).yaml(yaml).backend(a, b).build()) {
            rig.orchestrator().chat(ChatCall.of("chat", "one"));
            rig.orchestrator().chat(ChatCall.of("chat", "two"));
            assertEquals(2, a.calls());

            RouteStep skipped = rig.orchestrator().route(ChatCall.of("chat", "three")).steps().getFirst();
            assertFalse(skipped.taken());
            assertEquals("cooling down after repeated failures", skipped.reason());
            assertTrue(rig.orchestrator().backends().getFirst().coolingDown());
            assertEquals("b", rig.orchestrator().chat(ChatCall.of("chat", "three")).backend());
            assertEquals(2, a.calls());

            rig.clock.advance(Duration.ofSeconds(29));
            rig.orchestrator().chat(ChatCall.of("chat", "four"));
            assertEquals(2, a.calls());

            rig.clock.advance(Duration.ofSeconds(2));
            a.thenAnswers("back");
            Answer back = rig.orchestrator().chat(ChatCall.of("chat", "five"));
            assertEquals("a", back.backend());
            assertEquals(3, a.calls());
        }
    }

    @Test
    void aSuccessResetsTheCountOfConsecutiveFailures() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFails(1, a.transport()).thenAnswers("ok").thenFails(1, a.transport()).thenAnswers("still here");
        String yaml = """
                routing:
                  retry: {attempts: 1}
                  cooldown: {failures: 2, period: 30s}
                """;
        try (Rig rig = Rig.in(tmp).yaml(yaml).backend(a, b).build()) {
            Answer last = null;
            for (int i = 0; i < 4; i++) {
                last = rig.orchestrator().chat(ChatCall.of("chat", "q" + i));
            }
            assertFalse(rig.orchestrator().backends().getFirst().coolingDown());
            assertEquals(4, a.calls());
            assertEquals("still here", last.response().content());
        }
    }

    @Test
    void recordsEveryAttemptWithBackendNumberOutcomeAndTime() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.thenFails(2, a.serverError());
        a.otherwise(new ScriptedBackend.Fail(a.authFailure()));
        b.then(new ScriptedBackend.Dynamic(r -> {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedBackend.answer("slow but fine");
        }));
        try (Rig rig = Rig.in(tmp).yaml(RETRY).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(List.of("a#1:server_error", "a#2:server_error", "a#3:authentication", "b#1:ok"),
                    outcomes(answer.attempts()));
            Attempt last = answer.attempts().getLast();
            assertTrue(last.millis() >= 25, last.toString());
            assertTrue(last.ok());
            assertTrue(answer.attempts().get(0).detail().contains("HTTP 500"), answer.attempts().get(0).toString());
        }
    }

    @Test
    void whenEveryCandidateFailsTheErrorListsEveryAttempt() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.authFailure()));
        b.otherwise(new ScriptedBackend.Fail(b.invalidRequest()));
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            AllBackendsFailedException e = assertThrows(AllBackendsFailedException.class,
                    () -> rig.orchestrator().chat(ChatCall.of("chat", "hi")));
            assertEquals(List.of("a#1:authentication", "b#1:invalid_request"), outcomes(e.attempts()));
            assertTrue(e.getMessage().contains("the API key was refused")
                    && e.getMessage().contains("unknown parameter"), e.getMessage());
        }
    }
}
