package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/consort serve} driven by the official {@code openai} npm client (it/openai-client.mjs):
 * plain, streamed and tool-calling requests, on the embedded tiny model and on the real {@code openai}
 * adapter answered by recorded responses; then SIGTERM stops the server.
 */
class ServeIT {

    private static final Path IT = Path.of("..", "it").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void nodeClientInstalled() {
        boolean installed = Files.isDirectory(IT.resolve("node_modules/openai"));
        if (System.getenv("CI") != null) {
            assertTrue(installed, "run `npm ci` in it/ first (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "it/node_modules is missing: run `npm ci` in it/ to run the Node client tests");
    }

    @Test
    void theOpenAiNodeClientWorksAgainstTheEmbeddedTinyModel() throws Exception {
        Dist.Result made = Dist.run(dir, "model", "tiny", dir.resolve("tiny.gguf").toString());
        assertEquals(0, made.exit(), made.all());
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  local: { type: llamacpp, model: "%s", context_window: 2048, seed: 7 }
                context: { store: memory }
                """.formatted(dir.resolve("tiny.gguf")));
        runClientAgainstServe(Map.of("CONSORT_MODEL", "local"));
    }

    @Test
    void theOpenAiNodeClientWorksThroughTheOpenAiAdapterOnRecordedResponses() throws Exception {
        try (ReplayServer upstream = ReplayServer.start()) {
            upstream.enqueue(Reply.recorded(ServeIT.class, "/wire/openai-chat-nonstream-langchaingo.json"))
                    .enqueue(Reply.recorded(ServeIT.class, "/wire/openai-chat-stream-usage-langchaingo.sse").splitEvery(61))
                    .enqueue(Reply.recorded(ServeIT.class, "/wire/openai-chat-stream-toolcall-pydantic-ai.sse"));
            Files.writeString(dir.resolve("consort.yaml"), """
                    backends:
                      fast: { type: openai, model: gpt-4o-mini, base_url: "%s", api_key: sk-upstream }
                    routing: { retry: { attempts: 1 } }
                    context: { store: memory }
                    """.formatted(upstream.baseUrl()));
            runClientAgainstServe(Map.of("CONSORT_MODEL", "fast", "CONSORT_EXPECT", "replay"));
            assertEquals(3, upstream.requests().size());
        }
    }

    private void runClientAgainstServe(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/consort").toString(), "serve", "--port", "0")
                .directory(dir.toFile()).redirectError(dir.resolve("serve.err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CONSORT_") || k.startsWith("XDG_"));
        pb.environment().put("HOME", Files.createDirectories(dir.resolve(".home")).toString());
        pb.environment().put("CONSORT_AOT", "off");
        Process serve = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(120, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("consort serve: listening on http://127.0.0.1:"),
                    line + "\n" + Files.readString(dir.resolve("serve.err")));
            String baseUrl = line.substring(line.indexOf("http://"));

            ProcessBuilder node = new ProcessBuilder("node", IT.resolve("openai-client.mjs").toString())
                    .directory(IT.toFile()).redirectErrorStream(true);
            node.environment().put("CONSORT_BASE_URL", baseUrl);
            node.environment().putAll(env);
            Process client = node.start();
            String report = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue(), report + "\n" + Files.readString(dir.resolve("serve.err")));
            assertTrue(report.contains("5 passed, 0 failed"), report);
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "consort serve did not stop on SIGTERM");
        }
        List<String> err = Files.readAllLines(dir.resolve("serve.err"));
        assertTrue(err.stream().anyMatch(l -> l.contains("any API key is accepted")), err.toString());
    }
}
