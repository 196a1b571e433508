package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.consort.core.api.Answer;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Consort;
import dev.consort.core.api.TaskQueue;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Consort instances (three {@code Consort}s built from the same {@code store: postgres} configuration,
 * each with its own project folder, pool and task worker) hammer one budget and one task queue at once.
 * The PostgreSQL server is {@code CONSORT_TEST_PG_URL} ({@code scripts/test-postgres.sh start}); without
 * one the test is skipped, saying so, except under {@code CI=true}, where it fails.
 *
 * <p>Every call costs exactly what it reserves ({@link WordBackend}): one word is one token at $1 per
 * million tokens each way, so the budget admits an exact number of calls, and no timing is assumed.
 */
class ScaleOutIT {

    private static final String URL = System.getenv("CONSORT_TEST_PG_URL");
    private static final String USER = System.getenv().getOrDefault("CONSORT_TEST_PG_USER", "consort");
    private static final String PASSWORD = System.getenv().getOrDefault("CONSORT_TEST_PG_PASSWORD", "consort");
    private static final int INSTANCES = 3;

    @TempDir
    Path dir;

    private String schema;
    private final List<Consort> instances = new ArrayList<>();
    private final List<WordBackend> backends = new ArrayList<>();

    @BeforeEach
    void requireServer() {
        String why = unreachable();
        if (why != null) {
            String message = "No PostgreSQL server for the scale-out test (" + why
                    + "); start one with: eval \"$(scripts/test-postgres.sh start)\"";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    private static String unreachable() {
        if (URL == null || URL.isBlank()) {
            return "CONSORT_TEST_PG_URL is not set";
        }
        URI uri = URI.create(URL.substring("jdbc:".length()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort()), 5_000);
            return null;
        } catch (java.io.IOException e) {
            return URL + " cannot be reached: " + e.getMessage();
        }
    }

    @AfterEach
    void closeAndDrop() throws Exception {
        instances.forEach(Consort::close);
        if (schema != null && unreachable() == null) {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Builds the instances: same configuration, own project folder, own session, own backend object. */
    private void start(String usdBudget) throws Exception {
        String yaml = """
                context:
                  store: postgres
                  url: "%s"
                  user: %s
                  password: ${PGPASSWORD}
                  schema: %s
                  pool_size: 4
                budgets:
                  project: {usd: "%s"}
                pricing:
                  %s: {input: "1", output: "1"}
                routing:
                  retry: {attempts: 1}
                  cooldown: {failures: 100000}
                tasks:
                  lease: 30s
                """.formatted(URL, USER, schema, usdBudget, WordBackend.MODEL);
        for (int i = 0; i < INSTANCES; i++) {
            Path project = Files.createDirectories(dir.resolve("instance-" + i));
            Path home = Files.createDirectories(dir.resolve("home-" + i));
            Files.writeString(project.resolve("consort.yaml"), yaml);
            WordBackend backend = new WordBackend("words");
            Map<String, String> env = new HashMap<>();
            env.put("PGPASSWORD", PASSWORD);
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            instances.add(Consort.builder().workingDir(project).home(home).environment(env)
                    .sessionId("instance-" + i).backend(backend).build());
            backends.add(backend);
        }
    }

    private ContextStore store() {
        return instances.getFirst().contextStore();
    }

    private int backendCalls() {
        return backends.stream().mapToInt(WordBackend::calls).sum();
    }

    private UsageStats ledger() {
        return store().usageByBackend(UsageScope.ALL).getOrDefault("words", UsageStats.ZERO);
    }

    @Test
    void threeInstancesCallingAtOnceNeverOverspendOneBudgetAndLoseNoUsage() throws Exception {
        BigDecimal limit = new BigDecimal("0.0002");
        start(limit.toPlainString());
        ChatCall call = new ChatCall(ChatRequest.builder().messages(List.of(Message.user("go")))
                .maxTokens(WordBackend.ANSWER_WORDS).build(), "chat", null, List.of(), null);
        AtomicInteger refused = new AtomicInteger();
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(INSTANCES * 8)) {
            for (int i = 0; i < 150; i++) {
                Consort instance = instances.get(i % INSTANCES);
                answers.add(pool.submit(() -> instance.orchestrator().chat(call)));
            }
        }
        int ok = 0;
        BigDecimal perCall = null;
        for (Future<Answer> f : answers) {
            try {
                BigDecimal cost = f.get().costUsd();
                assertTrue(perCall == null || perCall.compareTo(cost) == 0, "every call costs the same");
                perCall = cost;
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof AllBackendsFailedException || e.getCause() instanceof BudgetExceededException) {
                    refused.incrementAndGet();
                } else {
                    throw e;
                }
            }
        }

        UsageStats spent = ledger();
        int allowed = limit.divideToIntegralValue(perCall).intValueExact();
        assertTrue(spent.costUsd().compareTo(limit) <= 0, "overspent: $" + spent.costUsd().toPlainString());
        assertEquals(allowed, ok, "the budget admits exactly " + allowed + " calls of $" + perCall.toPlainString()
                + " across the instances");
        assertEquals(150 - allowed, refused.get());
        assertEquals(ok, backendCalls(), "only admitted calls reach a backend");
        assertEquals(backendCalls(), spent.requests(), "one ledger row per call, none lost");
        assertTrue(backends.stream().allMatch(b -> b.calls() > 0), "every instance took part: " + backendCalls());
        BigDecimal left = limit.subtract(perCall.multiply(BigDecimal.valueOf(allowed)));
        for (Consort instance : instances) {
            BigDecimal seen = instance.orchestrator().backends().stream().filter(b -> b.name().equals("words"))
                    .findFirst().orElseThrow().budgetLeftUsd();
            assertEquals(0, left.compareTo(seen), "every instance sees $" + left + " left, no hold outstanding: $"
                    + seen);
        }
    }

    @Test
    void threeInstancesDrainingOneQueueRunEveryTaskExactlyOnceWithinOneBudget() throws Exception {
        int tasks = 45;
        BigDecimal limit = new BigDecimal("0.0002");
        start(limit.toPlainString());
        TaskQueue first = instances.getFirst().tasks();
        for (int i = 0; i < tasks; i++) {
            first.add(new TaskQueue.NewTask("task " + i, "chat", String.format("task %02d", i), List.of(), 0, null, 3));
        }
        Map<String, String> ranBy = new ConcurrentHashMap<>();
        AtomicInteger twice = new AtomicInteger();
        List<Future<List<TaskRecord>>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(INSTANCES)) {
            for (int i = 0; i < INSTANCES; i++) {
                Consort instance = instances.get(i);
                String name = "instance-" + i;
                runs.add(pool.submit(() -> instance.tasks().runAll(2, new TaskQueue.Listener() {
                    @Override
                    public void started(TaskRecord task) {
                        if (ranBy.putIfAbsent(task.id(), name) != null) {
                            twice.incrementAndGet();
                        }
                    }
                })));
            }
        }
        int finished = 0;
        for (Future<List<TaskRecord>> run : runs) {
            finished += run.get().size();
        }

        assertEquals(0, twice.get(), "a task started twice");
        assertEquals(tasks, ranBy.size(), "every task ran");
        assertEquals(tasks, finished, "every task finished once, in one instance");
        assertTrue(ranBy.values().stream().distinct().count() > 1, "the instances shared the queue: " + ranBy);
        List<TaskRecord> all = store().tasks();
        assertEquals(tasks, all.size());
        UsageStats spent = ledger();
        // Every task makes one call of the same size (its prompt is "task NN"), so the budget pays for so many.
        BigDecimal perCall = spent.costUsd().divide(BigDecimal.valueOf(spent.requests()));
        int affordable = limit.divideToIntegralValue(perCall).intValueExact();
        assertTrue(affordable < tasks, "the budget must run out for the test to mean something: " + affordable);
        long done = all.stream().filter(t -> t.status() == TaskStatus.DONE).count();
        assertEquals(affordable, done, "the budget pays for exactly " + affordable + " tasks: " + all.stream()
                .filter(t -> t.status() != TaskStatus.DONE).map(TaskRecord::error).distinct().toList());
        for (TaskRecord t : all) {
            assertEquals(1, t.attempts(), t.id());
            List<TaskEvent> history = store().taskEvents(t.id());
            assertEquals(1, history.stream().filter(e -> e.kind().equals("started")).count(), t.id());
            assertTrue(t.status() == TaskStatus.DONE || t.error() != null && t.error().contains("budget"),
                    t.id() + ": " + t.status() + " " + t.error());
        }
        Map<String, Integer> answered = new HashMap<>();
        backends.forEach(b -> b.prompts().forEach((p, n) -> answered.merge(p, n, Integer::sum)));
        assertTrue(answered.values().stream().allMatch(n -> n == 1), "a prompt was answered twice: " + answered);
        assertEquals(affordable, answered.size());
        assertEquals(backendCalls(), spent.requests(), "one ledger row per call, none lost");
        assertTrue(spent.costUsd().compareTo(new BigDecimal("0.0002")) <= 0, "overspent: $" + spent.costUsd());
    }
}
