package dev.consort.context.sql.postgres;

import dev.consort.context.sql.FixedPluginContext;
import dev.consort.spi.context.BudgetAccount;
import dev.consort.spi.context.BudgetAmount;
import dev.consort.spi.context.BudgetReservation;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.SharedBudgets;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the postgres store as several instances use it (docs/SCALE-OUT.md): task claim throughput with
 * 1, 2 and 4 workers, each worker its own store (own pool) as separate instances would be, each task claimed
 * and then released as done (two transactions), also with 100,000 finished tasks in the table; and the latency of a budget reservation (reserve, then
 * release) alone and with 4 reservers contending for one budget. Needs CONSORT_TEST_PG_URL.
 * Run: bench/scripts/postgres-scale-out.sh
 */
public final class PostgresScaleBench {

    private static final int TASKS = 2_000;
    private static final int RESERVATIONS = 2_000;

    private PostgresScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        if (TestPostgres.URL == null) {
            throw new IllegalStateException("set CONSORT_TEST_PG_URL: eval \"$(scripts/test-postgres.sh start)\"");
        }
        System.out.printf("machine: %d cores; server %s%n", Runtime.getRuntime().availableProcessors(), TestPostgres.URL);
        for (int workers : new int[] {1, 2, 4}) {
            claims(workers, 0);
        }
        claims(1, 100_000);
        claims(4, 100_000);
        reservations(1);
        reservations(4);
    }

    private static ContextStore open(String schema) {
        return new PostgresContextStoreProvider().open(TestPostgres.config(schema, Map.of("pool_size", "2")),
                FixedPluginContext.inProject(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    private static void claims(int workers, int finished) throws Exception {
        String schema = TestPostgres.newSchema();
        List<ContextStore> stores = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                stores.add(open(schema));
            }
            Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
            TestPostgres.execute("INSERT INTO " + schema + ".tasks (id, title, type, status, priority, session_id,"
                    + " prompt, context_keys, max_steps, attempts, created, updated) SELECT 't' || i, 't', 'code',"
                    + " 'QUEUED', i % 3, 's', 'p', '[]', 10, 0, " + t0.getEpochSecond() * 1_000_000_000L + " + i, 0"
                    + " FROM generate_series(1, " + TASKS + ") i");
            if (finished > 0) {
                TestPostgres.execute("INSERT INTO " + schema + ".tasks (id, title, type, status, priority, session_id,"
                        + " prompt, context_keys, max_steps, attempts, created, updated) SELECT 'done' || i, 't', 'code',"
                        + " 'DONE', i % 3, 's', 'p', '[]', 10, 1, i, 0 FROM generate_series(1, " + finished + ") i",
                        "ANALYZE " + schema + ".tasks");
            }
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
                for (int w = 0; w < workers; w++) {
                    ContextStore store = stores.get(w);
                    String worker = "bench-" + w;
                    done.add(pool.submit(() -> {
                        int n = 0;
                        Optional<TaskRecord> t;
                        while ((t = store.claimTask(worker, Duration.ofMinutes(1), null)).isPresent()) {
                            if (!store.saveClaimedTask(t.get().released(TaskStatus.DONE, "ok", null, Instant.now()),
                                    worker)) {
                                throw new IllegalStateException("lost " + t.get().id());
                            }
                            n++;
                        }
                        return n;
                    }));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            if (total != TASKS) {
                throw new IllegalStateException("ran " + total + " of " + TASKS);
            }
            System.out.printf("queue: %d worker(s), %d tasks claimed and finished in %.2f s: %.0f tasks/s%s%n", workers,
                    TASKS, seconds, TASKS / seconds, finished == 0 ? "" : " (" + finished + " finished tasks in the table)");
        } finally {
            stores.forEach(ContextStore::close);
            TestPostgres.dropSchema(schema);
        }
    }

    private static void reservations(int reservers) throws Exception {
        String schema = TestPostgres.newSchema();
        List<ContextStore> stores = new ArrayList<>();
        try {
            for (int r = 0; r < reservers; r++) {
                stores.add(open(schema));
            }
            List<BudgetAccount> accounts = List.of(
                    new BudgetAccount("project", null, Instant.EPOCH, new BigDecimal("1000000"), null, null),
                    new BudgetAccount("backend fast", "fast", Instant.parse("2025-01-01T00:00:00Z"),
                            new BigDecimal("1000000"), 1_000_000_000L, null));
            BudgetAmount call = new BudgetAmount(new BigDecimal("0.0123"), 1, 4_000);
            long[][] nanos = new long[reservers][];
            try (ExecutorService pool = Executors.newFixedThreadPool(reservers)) {
                List<Future<?>> runs = new ArrayList<>();
                for (int r = 0; r < reservers; r++) {
                    SharedBudgets budgets = stores.get(r).sharedBudgets().orElseThrow();
                    int index = r;
                    runs.add(pool.submit(() -> {
                        int warmUp = 200;
                        long[] own = new long[RESERVATIONS];
                        for (int i = -warmUp; i < RESERVATIONS; i++) {
                            long s = System.nanoTime();
                            BudgetReservation held = budgets.reserve(accounts, call, Duration.ofMinutes(15));
                            long e = System.nanoTime();
                            budgets.release(((BudgetReservation.Held) held).id());
                            if (i >= 0) {
                                own[i] = e - s;
                            }
                        }
                        nanos[index] = own;
                        return null;
                    }));
                }
                for (Future<?> f : runs) {
                    f.get();
                }
            }
            long[] all = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("budget: %d reserver(s) on one budget (2 accounts), %d reservations each: reserve p50 %.2f ms,"
                    + " p99 %.2f ms, max %.2f ms%n", reservers, RESERVATIONS, all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
        } finally {
            stores.forEach(ContextStore::close);
            TestPostgres.dropSchema(schema);
        }
    }
}
