package dev.consort.backend.local.llamacpp;

import dev.consort.spi.testkit.MapPluginConfig;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import dev.consort.core.api.TinyModel;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Tokens per second through Consort's {@code llamacpp} stream against the binding's own generation loop
 * ({@code LlamaIterator}), on the same loaded model, prompt and sampling parameters, alternating rounds in
 * one run. Arguments: {@code [model.gguf] [rounds] [max_tokens]}; without a model it generates the tiny
 * random one. Prints one line per round and the ratio. Ends with {@code System.exit}: the binding leaves
 * a native thread attached to the JVM that would keep it alive.
 */
public final class LlamaCppThroughputBenchmark {

    private LlamaCppThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 && !args[0].equals("tiny") ? Path.of(args[0])
                : TinyModel.write(Files.createTempDirectory("consort-bench").resolve("tiny.gguf"), 42);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int maxTokens = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int seed = 7;
        try (LlamaCppBackend backend = (LlamaCppBackend) new LlamaCppBackendProvider().create("local",
                MapPluginConfig.at("backends.local", "model", model.toString(), "threads", 1, "seed", seed), MapPluginConfig.context(model.getParent()))) {
            ChatRequest request = ChatRequest.builder()
                    .messages(List.of(Message.system("Be brief."), Message.user("Tell me a story about a compiler.")))
                    .maxTokens(maxTokens).build();
            backend.countTokens(request.messages()); // loads the model
            LoadedModel loaded = backend.loadedModel();
            String prompt = new PromptRenderer(new com.fasterxml.jackson.databind.ObjectMapper())
                    .render(loaded, request.messages(), "local");
            int limit = Math.min(maxTokens, loaded.window() - loaded.promptTokens(prompt));

            for (int warm = 0; warm < 3; warm++) {
                raw(loaded, prompt, limit, seed);
                consort(backend, request);
            }
            long rawTokens = 0;
            long rawNanos = 0;
            long consortTokens = 0;
            long consortNanos = 0;
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                long r = raw(loaded, prompt, limit, seed);
                long t1 = System.nanoTime();
                long c = consort(backend, request);
                long t2 = System.nanoTime();
                rawTokens += r;
                rawNanos += t1 - t0;
                consortTokens += c;
                consortNanos += t2 - t1;
                System.out.printf(Locale.ROOT, "round %2d  raw %4d tokens %8.1f tok/s   consort %4d tokens %8.1f tok/s%n",
                        round, r, r / ((t1 - t0) / 1e9), c, c / ((t2 - t1) / 1e9));
            }
            double rawRate = rawTokens / (rawNanos / 1e9);
            double consortRate = consortTokens / (consortNanos / 1e9);
            System.out.printf(Locale.ROOT, "model %s, %d rounds, max_tokens %d, 1 thread%n", model.getFileName(), rounds, maxTokens);
            System.out.printf(Locale.ROOT, "binding loop : %8.1f tokens/s (%d tokens)%n", rawRate, rawTokens);
            System.out.printf(Locale.ROOT, "consort      : %8.1f tokens/s (%d tokens)%n", consortRate, consortTokens);
            System.out.printf(Locale.ROOT, "consort keeps %.1f%% of the raw rate (target >= 95%%)%n", 100 * consortRate / rawRate);
        }
        System.exit(0);
    }

    /** The binding's own loop: one generation, counting the results it streams. */
    private static long raw(LoadedModel model, String prompt, int limit, int seed) {
        LlamaIterator it = model.generate(new InferenceParameters(prompt).setNPredict(limit).setSeed(seed)
                .setCachePrompt(true));
        long results = 0;
        while (it.hasNext()) {
            it.next();
            if (it.hasNext()) {
                results++;
            }
        }
        return results;
    }

    /** The same generation through Consort's stream; tokens from its usage. */
    private static long consort(LlamaCppBackend backend, ChatRequest request) {
        try (ChatStream stream = backend.stream(request)) {
            for (ChatChunk chunk : stream) {
                if (chunk instanceof ChatChunk.Done done) {
                    return done.usage().completionTokens();
                }
            }
        }
        throw new IllegalStateException("no Done chunk");
    }
}
