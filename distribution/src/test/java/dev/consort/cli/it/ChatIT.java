package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.testkit.ReplayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consort chat} with piped input, through the built bin/consort. */
class ChatIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ReplayServer server;

    @BeforeEach
    void start() throws Exception {
        server = ReplayServer.start();
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  fast: { type: openai, model: gpt-4.1-mini, api_key: test-key, base_url: "%s" }
                  other: { type: openai, model: gpt-4.1-mini, api_key: test-key, base_url: "%s" }
                routing:
                  rules: { chat: [fast, other] }
                """.formatted(server.baseUrl(), server.baseUrl()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Dist.Result chat(String input, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "chat";
        System.arraycopy(args, 0, all, 1, args.length);
        return Dist.runWithInput(dir, Map.of(), input, all);
    }

    private List<String> roles(int request) throws Exception {
        JsonNode body = JSON.readTree(server.requests().get(request).bodyText());
        List<String> out = new java.util.ArrayList<>();
        body.get("messages").forEach(m -> out.add(m.get("role").asText() + ":" + m.path("content").asText()));
        return out;
    }

    @Test
    void eachLineIsATurnThatContinuesTheConversationAndOnlyAnswersGoToStdout() throws Exception {
        server.enqueue(Upstream.streamed(List.of("Hello", " there", "!")));
        server.enqueue(Upstream.streamed(List.of("Your name is Ada.")));

        Dist.Result r = chat("My name is Ada.\nWhat is my name?\n");

        assertEquals(0, r.exit(), r.all());
        assertEquals("Hello there!\nYour name is Ada.\n", r.out());
        List<String> second = roles(1);
        assertTrue(second.containsAll(List.of("user:My name is Ada.", "assistant:Hello there!", "user:What is my name?")),
                second.toString());
        assertTrue(JSON.readTree(server.requests().get(0).bodyText()).get("stream").asBoolean());
    }

    @Test
    void slashCommandsWorkOnPipedInputToo() throws Exception {
        server.enqueue(Upstream.streamed(List.of("one")));
        server.enqueue(Upstream.streamed(List.of("two")));
        server.enqueue(Upstream.streamed(List.of("three")));

        Dist.Result r = chat(String.join("\n", "first", "/backends", "/reset", "second", "/backend other", "third",
                "/stats", "/mode trust", "/nope", "/route chat", "/quit", "never sent") + "\n");

        assertEquals(0, r.exit(), r.all());
        String out = r.out();
        assertTrue(out.contains("BACKEND  TYPE    MODEL         WINDOW"), out);
        assertTrue(out.contains("session:"), out);
        assertTrue(out.contains("lifetime:"), out);
        assertTrue(out.contains("1. take fast"), out);
        assertTrue(r.err().contains("forgot this session's conversation; project memory is untouched"), r.err());
        assertTrue(r.err().contains("turns go to other"), r.err());
        assertTrue(r.err().contains("tool mode: trust"), r.err());
        assertTrue(r.err().contains("consort: unknown command /nope (/help lists them)"), r.err());
        assertEquals(3, server.requests().size(), "the line after /quit is not sent");
        assertFalse(roles(1).contains("user:first"), "after /reset the conversation starts again");
        assertFalse(roles(2).contains("user:second"), "'other' has its own conversation");
    }

    @Test
    void aSessionIsResumedByIdAndPersonasAndFactsPersist() throws Exception {
        server.enqueue(Upstream.streamed(List.of("noted")));
        server.enqueue(Upstream.streamed(List.of("still here")));
        Dist.Result mem = Dist.run(dir, "memory", "add", "deploy", "we deploy with kubectl apply");
        assertEquals(0, mem.exit(), mem.all());

        Dist.Result first = chat("/persona fast edit You are terse.\n/context deploy\nremember me\n", "--session", "s1");
        assertEquals(0, first.exit(), first.all());
        Dist.Result second = chat("/persona fast show\nand now?\n", "--session", "s1");
        assertEquals(0, second.exit(), second.all());

        assertTrue(second.out().startsWith("fast: "), second.out());
        assertTrue(second.out().contains("You are terse."), second.out());
        List<String> firstCall = roles(0);
        assertTrue(firstCall.contains("system:You are terse."), firstCall.toString());
        assertTrue(firstCall.stream().anyMatch(m -> m.contains("we deploy with kubectl apply")), firstCall.toString());
        List<String> resumed = roles(1);
        assertTrue(resumed.containsAll(List.of("user:remember me", "assistant:noted", "user:and now?")),
                resumed.toString());
    }

    @Test
    void tasksCanBeQueuedAndRunFromTheChat() throws Exception {
        server.enqueue(Upstream.text("task done"));

        Dist.Result r = chat("/task add --type code \"write the notes\"\n/task run --all\n/task list\n");

        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("queued task "), r.out());
        assertTrue(r.out().contains("task done"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" done ") && l.contains("write the notes")), r.out());
    }

    @Test
    void factsFoundByAQueryArePulledIntoEveryTurn() throws Exception {
        assertEquals(0, Dist.run(dir, "memory", "add", "deploy", "we deploy with kubectl apply").exit());
        assertEquals(0, Dist.run(dir, "memory", "add", "lunch", "lunch is at noon").exit());
        server.enqueue(Upstream.streamed(List.of("ok")));

        Dist.Result r = chat("/recall how do we deploy with kubectl\nship it\n");

        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("every turn pulls in: deploy"), r.err());
        List<String> sent = roles(0);
        assertTrue(sent.stream().anyMatch(m -> m.startsWith("system:Project facts:") && m.contains("kubectl apply")
                && !m.contains("noon")), sent.toString());
    }
}
