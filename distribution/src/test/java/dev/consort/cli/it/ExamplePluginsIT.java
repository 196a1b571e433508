package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three example plugins of {@code examples/}, built by the reactor as stand-alone projects, dropped
 * into a plugins folder and used through the real bin/consort: the {@code textgen} backend against a
 * stub service on 127.0.0.1, the {@code word_count} tool, the {@code cheapest} routing policy.
 */
class ExamplePluginsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path plugins;
    private HttpServer service;
    private final List<String> prompts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void dropInTheExamplesAndStartTheService() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String example : List.of("textgen-backend", "word-count-tool", "cheapest-routing")) {
            Path jar = builtJar(example);
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/generate", this::generate);
        service.start();
        String url = "http://127.0.0.1:" + service.getAddress().getPort();
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  cheap:  { type: textgen, model: tiny, base_url: "%s" }
                  pricey: { type: textgen, model: huge, base_url: "%s" }
                routing:
                  policy: cheapest
                  rules:
                    chat: [pricey, cheap]
                pricing:
                  tiny: { input: 1.00, output: 2.00 }
                  huge: { input: 10.00, output: 20.00 }
                context:
                  store: memory
                """.formatted(url, url));
    }

    @AfterEach
    void stopTheService() {
        service.stop(0);
    }

    /** The stub text service: echoes the last line of the prompt, whole or as events. */
    private void generate(HttpExchange x) throws IOException {
        String prompt = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
        prompts.add(x.getRequestHeaders().getFirst("X-Model") + " <- " + prompt);
        String last = prompt.substring(prompt.lastIndexOf('\n') + 1);
        byte[] body;
        if ("stream=true".equals(x.getRequestURI().getQuery())) {
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            body = ("data: heard\n\ndata:  " + last + "\n\nevent: done\ndata: 7 3\n\n").getBytes(StandardCharsets.UTF_8);
        } else {
            x.getResponseHeaders().add("Content-Type", "text/plain");
            x.getResponseHeaders().add("X-Prompt-Tokens", "7");
            x.getResponseHeaders().add("X-Completion-Tokens", "3");
            body = ("heard " + last).getBytes(StandardCharsets.UTF_8);
        }
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private Dist.Result consort(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--plugins", plugins.toString()));
        all.addAll(List.of(args));
        return Dist.run(dir, all.toArray(String[]::new));
    }

    /** The example's jar as the reactor built it (it is a test dependency of this module). */
    private static Path builtJar(String artifact) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith(artifact + "-") && p.toString().endsWith(".jar")) {
                return p;
            }
        }
        throw new AssertionError(artifact + " is not on the test class path; build it through the reactor"
                + " (./mvnw verify builds examples/ before distribution)");
    }

    @Test
    void theExamplesAreListedAsPluginsWithNoProblem() throws Exception {
        Dist.Result r = consort("plugins", "--json");
        assertEquals(0, r.exit(), r.all());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(0, report.get("problems").size(), report.toString());
        List<String> found = new ArrayList<>();
        report.get("plugins").forEach(p -> {
            p.get("backends").forEach(t -> found.add("backend " + t.asText()));
            p.get("tools").forEach(t -> found.add("tool " + t.asText()));
            p.get("policies").forEach(t -> found.add("policy " + t.asText()));
        });
        assertTrue(found.containsAll(List.of("backend textgen", "tool word_count", "policy cheapest")), found.toString());
        assertEquals(0, consort("config", "check").exit());
    }

    @Test
    void askWithTheTextgenBackendTalksToTheService() throws Exception {
        Dist.Result r = consort("ask", "--backend", "pricey", "hello there");
        assertEquals(0, r.exit(), r.all());
        assertEquals("heard user: hello there", r.out().strip());
        assertTrue(prompts.get(0).startsWith("huge <- system: "), prompts.toString());
    }

    @Test
    void aStreamedAskArrivesWhole() throws Exception {
        Dist.Result r = consort("ask", "--stream", "--backend", "cheap", "stream me");
        assertEquals(0, r.exit(), r.all());
        assertEquals("heard user: stream me", r.out().strip());
    }

    @Test
    void theCheapestPolicyPutsTheCheaperBackendFirstAndAskUsesIt() throws Exception {
        Dist.Result route = consort("route", "chat");
        assertEquals(0, route.exit(), route.all());
        List<String> steps = route.out().lines().filter(l -> l.strip().matches("\\d+\\. .*")).toList();
        assertEquals(2, steps.size(), route.out());
        assertTrue(steps.get(0).contains("take cheap") && steps.get(1).contains("take pricey"), route.out());

        Dist.Result ask = consort("ask", "--json", "hi");
        assertEquals(0, ask.exit(), ask.all());
        assertEquals("cheap", JSON.readTree(ask.out()).get("backend").asText());
    }

    @Test
    void theWordCountToolRunsThroughTheRealRunner() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "one two three\nfour\n");
        Dist.Result r = consort("tool", "run", "word_count", "--args", "{\"path\": \"notes.txt\"}");
        assertEquals(0, r.exit(), r.all());
        assertEquals("2 lines, 4 words, 19 characters in notes.txt", r.out().strip());

        Dist.Result escape = consort("tool", "run", "word_count", "--args", "{\"path\": \"../outside.txt\"}");
        assertEquals(1, escape.exit(), escape.all());
        assertTrue(escape.out().contains("'../outside.txt' is outside the sandbox"), escape.all());
    }
}
