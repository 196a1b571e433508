package dev.consort.bench;

import dev.consort.core.api.ChatCall;
import dev.consort.core.api.Consort;
import dev.consort.core.api.Orchestrator;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The orchestrator's own cost per call: route (policy, per-backend projections), persona injection,
 * context shaping, budget reservation, validation and usage accounting, answered by a zero-latency
 * backend, with the in-memory store. {@code prompt}: a 20-message conversation ({@code long}) or one
 * short user message ({@code tiny}, as a gateway's "Count to five"). {@code tokenizer}: the backends
 * count about four characters a token ({@code chars}) or with o200k BPE as the openai adapter does.
 * {@code budget}: a project budget in dollars ({@code project}: the reservation needs the exact count)
 * or none (as {@code gateway-overhead.sh} configures it).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrchestratorOverheadBenchmark {

    private Consort consort;
    private Orchestrator orchestrator;
    private ChatCall call;
    private Path dir;

    @Param({"long", "tiny"})
    public String prompt;

    @Param({"chars", "o200k"})
    public String tokenizer;

    @Param({"project", "none"})
    public String budget;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("consort-bench");
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  small: { type: zero, context_window: 4096, tokenizer: %1$s }
                  large: { type: zero, context_window: 128000, tokenizer: %1$s }
                routing:
                  rules: { chat: [small, large] }
                %2$s
                pricing:
                  zero-1: { input: 0.40, output: 1.60 }
                context:
                  store: memory
                """.formatted(tokenizer, budget.equals("none") ? "" : "budgets: { project: { usd: 1000000 } }"));
        consort = Consort.builder().workingDir(dir).home(dir).environment(Map.of()).build();
        orchestrator = consort.orchestrator();
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system("You are a careful assistant working on a Java project."));
        for (int i = 0; i < (prompt.equals("tiny") ? 0 : 19); i++) {
            String text = "Turn " + i + ": please look at the build and tell me what fails, and why, in detail. "
                    .repeat(3);
            messages.add(i % 2 == 0 ? Message.user(text) : Message.assistant(text));
        }
        if (prompt.equals("tiny")) {
            messages.add(Message.user("Count to five"));
        }
        call = new ChatCall(ChatRequest.of(messages), "chat", null, List.of(), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        consort.close();
        // The lifetime ledger of a run is hundreds of megabytes: leave nothing behind.
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Object chat() {
        return orchestrator.chat(call);
    }
}
