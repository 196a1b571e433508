package dev.consort.context.sql.sqlite;

import dev.consort.context.sql.SqliteConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.context.sql.FixedPluginContext;
import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Fact;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a writing process with SIGKILL and checks that every write it acknowledged is there. Killing the
 * process (unlike cutting the power) leaves the operating system's page cache intact, so even
 * {@code synchronous=NORMAL} must lose nothing committed.
 */
class SqliteCrashTest {

    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"normal", "full"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void keepsEveryAcknowledgedWriteWhenTheWriterIsKilled(String synchronous) throws Exception {
        Path db = dir.resolve("consort.db");
        Path stderr = dir.resolve("child.err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FactAppender.class.getName(), db.toString(), synchronous)
                .redirectError(stderr.toFile())
                .start();

        List<String> acked = new ArrayList<>();
        InputStream out = child.getInputStream();
        BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
        String line;
        while (acked.size() < ACKS_BEFORE_KILL && (line = lines.readLine()) != null) {
            acked.add(line);
        }
        assertEquals(ACKS_BEFORE_KILL, acked.size(), () -> "child stopped early: " + read(stderr));
        // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe.
        assertTrue(child.toHandle().destroyForcibly(), "could not kill the child");
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");
        // Acks already in the pipe count too, but only whole lines: a line cut by the kill is not an ack.
        StringBuilder rest = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = lines.read(buffer)) >= 0; ) {
            rest.append(buffer, 0, n);
        }
        String[] tail = rest.toString().split("\n", -1);
        for (int i = 0; i < tail.length - 1; i++) {
            acked.add(tail[i]);
        }

        try (ContextStore store = new SqliteContextStoreProvider().open(SqliteConfig.at(db),
                FixedPluginContext.inProject(dir))) {
            Set<String> present = new HashSet<>(store.facts().stream().map(Fact::key).toList());
            List<String> lost = acked.stream().filter(k -> !present.contains(k)).toList();
            assertEquals(List.of(), lost, "acknowledged but lost");
            int messages = store.sessionMessages("crash", "fast").size();
            assertEquals(0, messages % FactAppender.BATCH, "a batch of messages was torn: " + messages);
            assertTrue(messages / FactAppender.BATCH >= acked.size(), "messages " + messages);
        }
        assertEquals("ok", SqliteContextStoreTest.pragma(db, "integrity_check"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
