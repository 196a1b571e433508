package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.testkit.ReplayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks through the built bin/consort: the tool loop on real tools, history, audit, crash recovery. */
class TaskIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ReplayServer server;

    @BeforeEach
    void start() throws Exception {
        server = ReplayServer.start();
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  fast: { type: openai, model: gpt-4.1-mini, api_key: test-key, base_url: "%s", read_timeout: 60s }
                tools:
                  mode: trust
                  allow: [apply_patch, run_tests]
                  settings:
                    run_tests: { command: [grep, -q, "hello world", hello.txt] }
                tasks: { lease: 3s }
                """.formatted(server.baseUrl()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String add(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "task";
        all[1] = "add";
        System.arraycopy(args, 0, all, 2, args.length);
        Dist.Result r = Dist.run(dir, all);
        assertEquals(0, r.exit(), r.all());
        return r.out().split(" ")[2];
    }

    @Test
    void aTaskReadsPatchesTestsAndFinishesWithEveryStepRecorded() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "helo world\n");
        server.enqueue(Upstream.toolCall("call_1", "read_file", "{\"path\":\"hello.txt\"}"));
        server.enqueue(Upstream.toolCall("call_2", "apply_patch", JSON.writeValueAsString(Map.of("patch",
                "--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-helo world\n+hello world\n"))));
        server.enqueue(Upstream.toolCall("call_3", "run_tests", "{}"));
        server.enqueue(Upstream.text("Fixed the typo in hello.txt; the tests pass."));
        String id = add("--type", "code", "--title", "fix the typo", "Fix the typo in hello.txt and run the tests");

        Dist.Result run = Dist.run(dir, "task", "run", id);

        assertEquals(0, run.exit(), run.all());
        assertEquals("hello world\n", Files.readString(dir.resolve("hello.txt")));
        assertTrue(run.out().contains("task " + id + " done (4 steps"), run.out());
        assertEquals(4, server.requests().size());
        // The model saw each tool's result as a tool message answering its call.
        JsonNode second = JSON.readTree(server.requests().get(1).bodyText());
        JsonNode toolMessage = second.get("messages").get(second.get("messages").size() - 1);
        assertEquals("tool", toolMessage.get("role").asText());
        assertEquals("call_1", toolMessage.get("tool_call_id").asText());
        assertTrue(toolMessage.get("content").asText().contains("helo world"), toolMessage.toString());
        assertTrue(second.get("tools").toString().contains("apply_patch"), "tools are offered");

        Dist.Result show = Dist.run(dir, "task", "show", id, "--steps");
        assertEquals(0, show.exit(), show.all());
        String history = show.out();
        assertTrue(history.contains("status done"), history);
        assertTrue(history.contains("patches applied: 1"), history);
        assertTrue(history.contains("+hello world"), history);
        for (String step : List.of("queued: code", "started: attempt 1", "prompt: Fix the typo", "model step 1: fast",
                "tool read_file", "tool apply_patch", "tool run_tests", "model step 4: fast", "finished: done (answered)")) {
            assertTrue(history.contains(step), step + " in:\n" + history);
        }
        String audit = Files.readString(dir.resolve(".consort/audit.jsonl"));
        assertEquals(3, audit.lines().filter(l -> l.contains("\"task\":\"" + id + "\"")).count(), audit);

        Dist.Result json = Dist.run(dir, "task", "show", id, "--json");
        JsonNode n = JSON.readTree(json.out());
        assertEquals("done", n.get("status").asText());
        assertEquals(4, n.get("usage").get("steps").asInt());
        assertEquals(480, n.get("usage").get("prompt_tokens").asInt());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Dist.Result noType = Dist.run(dir, "task", "add", "do it");
        assertEquals(2, noType.exit());
        Dist.Result badType = Dist.run(dir, "task", "add", "--type", "Big Type", "do it");
        assertEquals(2, badType.exit());
        assertEquals("consort: task type 'Big Type' must be a lower-case word (letters, digits, '-', '_'; for example "
                + "code, review, plan, parse, chat)\n", badType.err());
        Dist.Result missing = Dist.run(dir, "task", "show", "nope");
        assertEquals(2, missing.exit());
        assertEquals("consort: no task 'nope' (see consort task list)\n", missing.err());
        Dist.Result parallel = Dist.run(dir, "task", "run", "x", "--parallel", "2");
        assertEquals(2, parallel.exit());
    }

    @Test
    void aTaskLeftRunningByAKilledProcessIsQueuedAgainAndFinishesOnTheNextRun() throws Exception {
        // The first run's model call hangs; the process is killed with SIGKILL in the middle of it.
        server.enqueue(Upstream.text("never seen").stallAfter(0));
        String id = add("--type", "code", "survive a crash");
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/consort").toString(), "task", "run", id)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("run1.log").toFile());
        Dist.prepare(dir, pb.environment());
        Process first = pb.start();
        server.takeRequest();
        assertEquals("running", status(id));
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));

        Dist.Result list = Dist.run(dir, "task", "list");
        assertTrue(list.out().contains(id + "  queued"), list.all());

        server.enqueue(Upstream.text("done after the crash"));
        Dist.Result again = Dist.run(dir, "task", "run", "--all");
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("done after the crash"), again.out());
        JsonNode n = JSON.readTree(Dist.run(dir, "task", "show", id, "--json").out());
        assertEquals("done", n.get("status").asText());
        assertEquals(2, n.get("attempts").asInt());
        assertTrue(n.get("history").toString().contains("\"kind\":\"requeued\""), n.toString());
    }

    @Test
    void theLoopRunsGrammarConstrainedToolCallsOnTheEmbeddedTinyModel() throws Exception {
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.writeString(bare.resolve("notes.txt"), "notes");
        Dist.Result added = Dist.run(bare, "task", "add", "--type", "code", "--max-steps", "2", "look around");
        assertEquals(0, added.exit(), added.all());
        String id = added.out().split(" ")[2];

        // No configuration: the built-in 'local' backend on the tiny random model. Forced to call a tool, it
        // calls one with arguments its grammar keeps valid for the tool's schema; noise, but well-formed.
        Dist.Result run = Dist.run(bare, "task", "run", id, "--hint", "tool_choice=required");

        assertEquals(1, run.exit(), run.all());
        assertTrue(run.out().contains("task " + id + " failed: max_steps: stopped after 2 model calls"), run.out());
        JsonNode n = JSON.readTree(Dist.run(bare, "task", "show", id, "--json").out());
        List<String> kinds = new java.util.ArrayList<>();
        n.get("history").forEach(e -> kinds.add(e.get("kind").asText()));
        assertEquals(List.of("queued", "started", "prompt", "model", "tool_result", "model", "finished"), kinds);
        JsonNode call = n.get("history").get(3).get("payload").get("tool_calls").get(0);
        assertTrue(List.of("read_file", "write_file", "list_dir", "search", "apply_patch", "run_command", "run_tests")
                .contains(call.get("name").asText()), call.toString());
        assertTrue(call.get("arguments").isObject(), "the arguments are JSON, as the grammar requires: " + call);
    }

    private String status(String id) throws Exception {
        for (JsonNode t : JSON.readTree(Dist.run(dir, "task", "list", "--json").out())) {
            if (t.get("id").asText().equals(id)) {
                return t.get("status").asText();
            }
        }
        throw new AssertionError("no task " + id);
    }
}
