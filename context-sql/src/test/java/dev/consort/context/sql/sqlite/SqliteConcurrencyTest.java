package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.SqliteConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.consort.context.sql.FixedPluginContext;
import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Fact;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two stores (two connections, as two processes would have) and many threads writing one file at once. */
class SqliteConcurrencyTest {

    private static final int WRITERS_PER_STORE = 4;
    private static final int WRITES_PER_WRITER = 50;

    @TempDir
    Path dir;

    private ContextStore open() {
        return new SqliteContextStoreProvider().open(SqliteConfig.at(dir.resolve("consort.db")),
                FixedPluginContext.inProject(dir));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoStoresOnOneFileWriteConcurrentlyWithoutLosingOrDuplicatingAnything() throws Exception {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        try (ContextStore a = open(); ContextStore b = open();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            a.saveTask(new TaskRecord("shared", "t", "code", TaskStatus.RUNNING, 0, "s", "p", List.of(), null, 5, 1,
                    now, now, null, null, null, null));
            List<Future<?>> writers = new ArrayList<>();
            for (ContextStore store : List.of(a, b)) {
                for (int w = 0; w < WRITERS_PER_STORE; w++) {
                    String writer = (store == a ? "a" : "b") + w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < WRITES_PER_WRITER; i++) {
                            store.putFact(new Fact(writer + "-" + i, "text " + i, List.of(), "test", now));
                            store.recordUsage(new UsageRecord(now, "s", null, writer.substring(0, 1), "m",
                                    Usage.exact(1, 1), new BigDecimal("0.000001"), false));
                            store.appendTaskEvent(new TaskEvent("shared", 0, now, "message", "{}"));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> writer : writers) {
                writer.get();
            }

            int total = 2 * WRITERS_PER_STORE * WRITES_PER_WRITER;
            assertEquals(total, b.facts().size());
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(),
                    a.taskEvents("shared").stream().map(TaskEvent::seq).toList());
            UsageStats fromA = b.usageByBackend(UsageScope.ALL).get("a");
            assertEquals(WRITERS_PER_STORE * WRITES_PER_WRITER, fromA.requests());
            assertEquals(0, new BigDecimal("0.0002").compareTo(fromA.costUsd()), fromA.costUsd().toPlainString());
        }
    }
}
