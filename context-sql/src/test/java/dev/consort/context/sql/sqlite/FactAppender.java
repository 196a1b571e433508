package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.FixedPluginContext;
import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.spi.chat.Message;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Fact;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A child process for {@link SqliteCrashTest}: writes until it is killed, printing each fact's key on
 * its own line only after the write returned (committed). Every step also appends a batch of five
 * session messages, so a torn transaction would show as a buffer whose size is not a multiple of five.
 *
 * <p>Arguments: the database file, then {@code full} or {@code normal}.
 */
public final class FactAppender {

    /** Messages appended per step, in one transaction. */
    static final int BATCH = 5;

    private FactAppender() {
    }

    /**
     * Runs until killed.
     *
     * @param args the database file and the synchronous mode
     */
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        MapPluginConfig config = MapPluginConfig.of("context",
                Map.of("store", "sqlite", "path", db.toString(), "synchronous", args[1]));
        PrintStream acks = System.out;
        List<Message> batch = java.util.stream.IntStream.range(0, BATCH)
                .mapToObj(i -> Message.user("message " + i)).toList();
        try (ContextStore store = new SqliteContextStoreProvider().open(config,
                FixedPluginContext.inProject(db.getParent()))) {
            for (long i = 0; ; i++) {
                String key = "fact-" + i;
                store.putFact(new Fact(key, "acknowledged write number " + i, List.of("crash"), "test", Instant.now()));
                store.appendSessionMessages("crash", "fast", batch);
                acks.println(key);
                acks.flush();
            }
        }
    }
}
