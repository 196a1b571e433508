package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many calls at once against one budget. Each call's prompt is 4 words (persona 3, prompt 1) and it asks
 * for at most 6 output words, which the backend always uses: at $1 per million tokens each way, a call
 * may cost and does cost exactly $0.00001, so a budget of $0.0002 allows exactly 20 of them.
 */
class BudgetContentionTest {

    private static final int CALLS = 300;
    private static final int ALLOWED = 20;
    private static final BigDecimal LIMIT = new BigDecimal("0.0002");
    private static final String YAML = """
            budgets:
              project: {usd: "0.0002"}
            pricing:
              a: {input: "1", output: "1"}
            routing:
              retry: {attempts: 1}
              cooldown: {failures: 1000}
            """;
    private static final ChatCall CALL = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("go")))
            .maxTokens(6).build(), "chat", null, List.of(), null);

    @TempDir
    Path tmp;

    private record Outcome(int ok, int backendFailed, int refused) {
    }

    private static Outcome runAll(Rig rig) throws InterruptedException {
        List<Future<Answer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLS; i++) {
                futures.add(pool.submit(() -> rig.orchestrator().chat(CALL)));
            }
        }
        int ok = 0;
        int failed = 0;
        int refused = 0;
        for (Future<Answer> f : futures) {
            try {
                f.get();
                ok++;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AllBackendsFailedException a && a.attempts().stream()
                        .anyMatch(t -> t.outcome().equals("invalid_request"))) {
                    failed++;
                } else if (e.getCause() instanceof AllBackendsFailedException
                        || e.getCause() instanceof BudgetExceededException) {
                    refused++;
                } else {
                    throw new AssertionError("unexpected failure", e.getCause());
                }
            }
        }
        return new Outcome(ok, failed, refused);
    }

    @Test
    void concurrentCallsNeverSpendMoreThanTheBudgetAllows() throws InterruptedException {
        CountDownLatch allAllowedInFlight = new CountDownLatch(ALLOWED);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ScriptedBackend a = ScriptedBackend.named("a");
        a.otherwise(new ScriptedBackend.Dynamic(r -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allAllowedInFlight.countDown();
            try {
                // hold every admitted call until the budget is fully reserved, so the rest contend for it
                allAllowedInFlight.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return ScriptedBackend.answer("w w w w w w");
        }));
        try (Rig rig = Rig.in(tmp).yaml(YAML).backend(a).build()) {
            Outcome o = runAll(rig);

            assertEquals(ALLOWED, o.ok(), o.toString());
            assertEquals(CALLS - ALLOWED, o.refused(), o.toString());
            assertEquals(ALLOWED, maxInFlight.get());
            UsageStats spent = rig.store().usageByBackend(UsageScope.ALL).get("a");
            assertTrue(spent.costUsd().compareTo(LIMIT) <= 0, "spent " + spent.costUsd());
            assertEquals(0, spent.costUsd().compareTo(LIMIT), "the budget allows exactly " + ALLOWED + " calls");
            assertEquals(ALLOWED, spent.requests());
            assertEquals(ALLOWED, a.calls());
        }
    }

    @Test
    void concurrentCallsWithSomeBackendFailuresLoseNoUsageAndStayWithinTheBudget() throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ScriptedBackend a = ScriptedBackend.named("a");
        a.otherwise(new ScriptedBackend.Dynamic(r -> {
            Thread.yield();
            if (n.incrementAndGet() % 5 == 0) {
                failures.incrementAndGet();
                return new ScriptedBackend.Fail(a.invalidRequest());
            }
            return ScriptedBackend.answer("w w w w w w");
        }));
        try (Rig rig = Rig.in(tmp).yaml(YAML).backend(a).build()) {
            Outcome o = runAll(rig);

            UsageStats spent = rig.store().usageByBackend(UsageScope.ALL).get("a");
            assertTrue(spent.costUsd().compareTo(LIMIT) <= 0, "spent " + spent.costUsd());
            assertTrue(o.ok() <= ALLOWED && o.ok() > 0, o.toString());
            assertEquals(failures.get(), o.backendFailed());
            assertEquals(o.ok() + o.backendFailed(), spent.requests(), "one ledger row per call that reached the backend");
            assertEquals(o.backendFailed(), spent.errors());
            assertEquals(a.calls(), spent.requests());
            assertEquals(CALLS, o.ok() + o.backendFailed() + o.refused());
        }
    }
}
