package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** consort ask, route and stats through bin/consort, on a drop-in backend built against the spi only. */
class AskIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path plugins;

    @BeforeEach
    void dropInEchoBackend() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Path sqlite = Files.createDirectories(plugins.resolve("context-sql"));
        try (var jars = Files.list(Dist.home().resolve("plugins/context-sql"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, sqlite.resolve(jar.getFileName()));
            }
        }
        PluginJar.backend("acme.echo", "echo", "\"echo\"", "", "")
                .against(Dist.spiJar()).manifest("Consort-Spi-Version", "1.0").build(plugins.resolve("echo.jar"));
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  one: { type: echo, model: echo-1, greeting: "one: " }
                  two: { type: echo, model: echo-2, greeting: "two: " }
                routing:
                  rules:
                    chat: [one, two]
                    review: [two]
                budgets:
                  backends:
                    two: { usd: 0.0001 }
                pricing:
                  echo-2: { input: 1000, output: 1000 }
                context:
                  store: sqlite
                """);
    }

    private Dist.Result consort(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--plugins";
        all[1] = plugins.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Dist.run(dir, all);
    }

    @Test
    void askRoutesByTaskTypeAndPrintsTheAnswer() throws Exception {
        Dist.Result r = consort("ask", "hello", "there");
        assertEquals(0, r.exit(), r.all());
        assertEquals("one: hello there", r.out().strip());
    }

    @Test
    void askJsonPrintsOneObjectWithUsageAndAttempts() throws Exception {
        Dist.Result r = consort("ask", "--json", "--backend", "one", "hi");
        assertEquals(0, r.exit(), r.all());
        JsonNode n = JSON.readTree(r.out());
        assertEquals("one", n.get("backend").asText());
        assertEquals("echo-1", n.get("model").asText());
        assertEquals("one: hi", n.get("content").asText());
        assertEquals("stop", n.get("finish_reason").asText());
        assertEquals(0, n.get("tool_calls").size());
        assertTrue(n.get("usage").get("completion_tokens").asInt() > 0, n.toString());
        assertEquals("ok", n.get("attempts").get(0).get("outcome").asText());
    }

    @Test
    void askStreamPrintsTheStreamedAnswer() throws Exception {
        Dist.Result r = consort("ask", "--stream", "--task", "chat", "streamed");
        assertEquals(0, r.exit(), r.all());
        assertEquals("one: streamed", r.out().strip());
    }

    @Test
    void aNamedBackendWhoseBudgetCannotCoverTheCallIsAClearFailureNotASilentSwitch() throws Exception {
        Dist.Result r = consort("ask", "--backend", "two", "this will cost too much");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("budget exceeded") && r.err().contains("backend two"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownBackendIsAUsageError() throws Exception {
        Dist.Result r = consort("ask", "--backend", "nope", "hi");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("--backend nope: no such backend"), r.err());
    }

    @Test
    void routeExplainsEveryCandidate() throws Exception {
        Dist.Result r = consort("route", "review", "--tokens", "50");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("skip two") && r.out().contains("budget"), r.out());
        Dist.Result chat = consort("route", "chat");
        assertEquals(0, chat.exit(), chat.all());
        assertTrue(chat.out().contains("1. take one"), chat.out());
    }

    @Test
    void factsPulledByKeyReachThePrompt() throws Exception {
        assertEquals(0, consort("memory", "add", "build.command", "run ./mvnw verify").exit());
        Dist.Result r = consort("ask", "--backend", "one", "--context", "build.command", "how do I build?");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("Project facts:\n- build.command: run ./mvnw verify"), r.out());
        Dist.Result without = consort("ask", "--backend", "one", "how do I build?");
        assertEquals("one: how do I build?", without.out().strip());
    }

    @Test
    void aFileIsSummarizedOnceAndThenServedFromTheCache() throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), Files.readString(dir.resolve("consort.yaml"))
                + "summaries: { backend: one }\n");
        Path file = Files.writeString(dir.resolve("Notes.md"), "line one\nline two\n");
        Dist.Result first = consort("memory", "summarize", file.toString(), "--max-tokens", "200");
        assertEquals(0, first.exit(), first.all());
        assertTrue(first.out().startsWith("one: "), first.out());
        Dist.Result second = consort("memory", "summarize", file.toString(), "--max-tokens", "200");
        assertEquals(first.out(), second.out());
        JsonNode stats = JSON.readTree(consort("stats", "--json").out());
        assertEquals(1, stats.get("project").get("one").get("requests").asInt(), stats.toString());
    }

    @Test
    void statsCountsWhatAskSpent() throws Exception {
        consort("ask", "--backend", "one", "count me");
        Dist.Result r = consort("stats", "--json");
        assertEquals(0, r.exit(), r.all());
        JsonNode n = JSON.readTree(r.out());
        assertEquals(1, n.get("lifetime").get("one").get("requests").asInt(), n.toString());
    }
}
