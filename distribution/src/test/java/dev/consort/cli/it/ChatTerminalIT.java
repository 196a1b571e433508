package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.consort.spi.testkit.ReplayServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consort chat} on a real terminal: tmux runs it in a pane, the test types with send-keys and
 * reads the screen with capture-pane. Completion, slash commands, Ctrl-C during a stream, an approval
 * prompt answered 'n', Ctrl-D.
 */
class ChatTerminalIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ReplayServer server;
    private String session;

    @BeforeEach
    void start() throws Exception {
        boolean tmux = new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        if (System.getenv("CI") == null) {
            assumeTrue(tmux, "tmux is not installed: skipping the terminal test (CI installs it)");
        }
        assertTrue(tmux, "CI must have tmux (see .ci/run)");
        server = ReplayServer.start();
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  fast: { type: openai, model: gpt-4.1-mini, api_key: test-key, base_url: "%s" }
                tools: { mode: manual }
                context: { store: sqlite }
                """.formatted(server.baseUrl()));
        session = "consort-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            tmux("kill-session", "-t", session);
        }
        if (server != null) {
            server.close();
        }
    }

    private static int tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", "consort-it"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private String screen() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "-L", "consort-it", "capture-pane", "-p", "-J", "-S", "-200", "-t",
                session).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    private String waitFor(String what, Predicate<String> until) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen();
            if (until.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the screen never showed " + what + ":\n" + s);
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        assertEquals(0, tmux(args.toArray(String[]::new)));
    }

    @Test
    void aUserChatsOnATerminal() throws Exception {
        Map<String, String> env = new HashMap<>();
        Dist.prepare(dir, env);
        StringBuilder command = new StringBuilder("cd '" + dir + "' && env");
        env.forEach((k, v) -> command.append(' ').append(k).append("='").append(v).append('\''));
        command.append(" TERM=xterm-256color '").append(Dist.home().resolve("bin/consort")).append("' chat; echo EXITED $?; sleep 600");
        assertEquals(0, tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", command.toString()));
        waitFor("the prompt", s -> s.contains("chat> "));

        // Completion of a slash command, then of a backend name.
        keys("/mod", "Tab");
        waitFor("/mode completed", s -> s.contains("chat> /mode"));
        keys(" ", "Enter");
        waitFor("the mode", s -> s.contains("tool mode: manual"));
        keys("/persona f", "Tab");
        waitFor("the backend completed", s -> s.contains("chat> /persona fast"));
        keys("C-u");

        // Ctrl-C in the middle of a streamed answer stops it and keeps the session.
        List<String> pieces = IntStream.range(0, 60).mapToObj(i -> "word" + i + " ").toList();
        server.enqueue(Upstream.streamed(pieces).splitEvery(150).delayBetweenPieces(Duration.ofMillis(100)));
        keys("tell me a long story", "Enter");
        waitFor("the stream", s -> s.contains("word3 "));
        keys("C-c");
        String cancelled = waitFor("the cancellation", s -> s.contains("[cancelled: Ctrl-C"));
        assertFalse(cancelled.contains("word59"), "the stream stopped");
        waitFor("the prompt again", s -> s.substring(s.indexOf("[cancelled: Ctrl-C")).contains("\nchat> "));

        // A tool call that needs approval, answered 'n'.
        server.enqueue(Upstream.streamedToolCall("call_1", "write_file", "{\"path\":\"x.txt\",\"content\":\"x\"}"));
        server.enqueue(Upstream.streamed(List.of("I did not ", "write it.")));
        keys("write x.txt", "Enter");
        waitFor("the approval prompt", s -> s.contains("Run write_file"));
        keys("n", "Enter");
        String denied = waitFor("the answer", s -> s.contains("I did not write it."));
        assertTrue(denied.contains("denied"), denied);
        assertFalse(Files.exists(dir.resolve("x.txt")));

        // The stats of this session.
        keys("/stats", "Enter");
        waitFor("the stats", s -> s.contains("lifetime:"));

        // Ctrl-D leaves.
        keys("C-d");
        waitFor("the exit", s -> s.contains("EXITED 0"));
        assertTrue(Files.readString(dir.resolve(".consort/chat_history")).contains("write x.txt"));
    }
}
