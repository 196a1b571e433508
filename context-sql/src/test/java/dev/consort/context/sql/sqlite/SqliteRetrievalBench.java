package dev.consort.context.sql.sqlite;

import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Fact;
import dev.consort.spi.context.Retrieval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * Measures the SQLite store with 100,000 facts: append throughput (one committed {@code putFact} per
 * call, as Consort writes) for both durability settings, and the latency of a three-word full-text
 * retrieval trimmed to 2,000 tokens (chars/4). Not a test; run by hand (see docs/PERFORMANCE.md).
 *
 * <p>Arguments (all optional): the number of facts (100000), the folder for the database (a temporary one).
 */
public final class SqliteRetrievalBench {

    private static final ToIntFunction<String> CHARS_BY_4 = text -> (text.length() + 3) / 4;
    private static final int VOCABULARY = 20_000;
    private static final int FULL_SYNC_APPENDS = 2_000;
    private static final int WARMUP_QUERIES = 300;
    private static final int QUERIES = 2_000;
    private static final int BUDGET = 2_000;

    private SqliteRetrievalBench() {
    }

    /**
     * Runs the benchmark and prints the results.
     *
     * @param args the fact count and a folder, both optional
     * @throws IOException when the folder cannot be made
     */
    public static void main(String[] args) throws IOException {
        int facts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("consort-bench");
        SplittableRandom random = new SplittableRandom(42);
        String[] words = vocabulary(random);
        System.out.printf(Locale.ROOT, "java %s, %s %s, %d facts, folder %s%n", Runtime.version(),
                System.getProperty("os.name"), System.getProperty("os.arch"), facts, dir);

        Path fullFile = dir.resolve("full.db");
        try (ContextStore store = SqliteContextStore.open(settings(fullFile, SqliteSettings.Durability.FULL),
                Clock.systemUTC())) {
            long start = System.nanoTime();
            for (int i = 0; i < FULL_SYNC_APPENDS; i++) {
                store.putFact(fact(i, words, random));
            }
            report("append, synchronous=FULL  ", FULL_SYNC_APPENDS, System.nanoTime() - start);
        }

        Path file = dir.resolve("normal.db");
        try (ContextStore store = SqliteContextStore.open(settings(file, SqliteSettings.Durability.NORMAL),
                Clock.systemUTC())) {
            long start = System.nanoTime();
            for (int i = 0; i < facts; i++) {
                store.putFact(fact(i, words, random));
            }
            report("append, synchronous=NORMAL", facts, System.nanoTime() - start);

            long[] nanos = new long[QUERIES];
            long excerpts = 0;
            long tokens = 0;
            for (int q = -WARMUP_QUERIES; q < QUERIES; q++) {
                String query = zipf(words, random) + " " + zipf(words, random) + " " + zipf(words, random);
                long t0 = System.nanoTime();
                List<Excerpt> found = store.retrieve(new Retrieval(List.of(), query, BUDGET, CHARS_BY_4));
                long elapsed = System.nanoTime() - t0;
                if (q >= 0) {
                    nanos[q] = elapsed;
                    excerpts += found.size();
                    tokens += found.stream().mapToInt(Excerpt::tokens).sum();
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "retrieve (3-word query, %d-token budget, chars/4), %d queries:"
                            + " p50 %.2f ms, p99 %.2f ms, max %.2f ms; avg %.1f excerpts, %.0f tokens%n",
                    BUDGET, QUERIES, nanos[QUERIES / 2] / 1e6, nanos[QUERIES * 99 / 100] / 1e6,
                    nanos[QUERIES - 1] / 1e6, excerpts / (double) QUERIES, tokens / (double) QUERIES);
        }
        System.out.printf(Locale.ROOT, "database size: %.1f MiB (+ WAL)%n", Files.size(file) / 1048576.0);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (args.length <= 1) {
            Files.delete(dir);
        }
    }

    private static SqliteSettings settings(Path file, SqliteSettings.Durability durability) {
        return new SqliteSettings(file.toAbsolutePath(), Duration.ofSeconds(5), durability);
    }

    private static Fact fact(int i, String[] words, SplittableRandom random) {
        int length = 20 + random.nextInt(60);
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < length; w++) {
            if (w > 0) {
                text.append(w % 12 == 0 ? '\n' : ' ');
            }
            text.append(zipf(words, random));
        }
        return new Fact("fact." + i, text.toString(), List.of("bench"), "bench", Instant.now());
    }

    /** A word with a skewed frequency: a few are common, most are rare, as in real text. */
    private static String zipf(String[] words, SplittableRandom random) {
        double u = random.nextDouble();
        return words[(int) Math.min(words.length - 1, Math.floor(Math.pow(words.length, u)) - 1)];
    }

    private static String[] vocabulary(SplittableRandom random) {
        String[] words = new String[VOCABULARY];
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder w = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = w.toString();
        }
        return words;
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf(Locale.ROOT, "%s: %d facts in %.2f s = %.0f appends/s (%.3f ms each)%n", what, count,
                nanos / 1e9, count / (nanos / 1e9), nanos / 1e6 / count);
    }
}
