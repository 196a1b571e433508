package dev.consort.backend.local.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCppConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void twoConcurrentCallsQueuedInOneSlotBothComplete() throws Exception {
        try (LLMBackend backend = TinyModelBackends.create(dir)) {
            assertBothComplete(backend);
        }
    }

    @Test
    void twoConcurrentCallsInTwoSlotsBothComplete() throws Exception {
        try (LLMBackend backend = TinyModelBackends.create(dir, "parallel", 2)) {
            assertBothComplete(backend);
            assertEquals(512, backend.contextWindow(), "each slot has the whole window");
        }
    }

    @Test
    void backendsOnTheSameModelAndSettingsShareOneLoadedModel() {
        try (LLMBackend a = TinyModelBackends.create(dir); LLMBackend b = TinyModelBackends.create(dir)) {
            a.countTokens(TinyModelBackends.ask("x", 1).messages());
            b.countTokens(TinyModelBackends.ask("x", 1).messages());
            assertSame(((LlamaCppBackend) a).loadedModel(), ((LlamaCppBackend) b).loadedModel());
        }
    }

    // The two prompts differ in length, so answers or usage crossing between the calls would show.
    private static void assertBothComplete(LLMBackend backend) throws Exception {
        List<ChatRequest> requests = List.of(TinyModelBackends.ask("First question", 40),
                TinyModelBackends.ask("Second, rather longer and different question", 40));
        List<ChatResponse> together = concurrently(backend, requests);
        assertNotEquals(together.get(0).usage().promptTokens(), together.get(1).usage().promptTokens());
        for (int i = 0; i < 2; i++) {
            ChatResponse r = together.get(i);
            assertTrue(r.finishReason() == FinishReason.STOP || r.finishReason() == FinishReason.LENGTH);
            assertEquals(backend.countTokens(requests.get(i).messages()), r.usage().promptTokens());
            assertTrue(r.usage().completionTokens() >= 1 && r.usage().completionTokens() <= 40);
        }
        assertEquals(2, backend.usage().requests());
    }

    private static List<ChatResponse> concurrently(LLMBackend backend, List<ChatRequest> requests) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResponse>> futures = requests.stream().map(r -> pool.submit(() -> backend.chat(r))).toList();
            return List.of(futures.get(0).get(), futures.get(1).get());
        }
    }
}
