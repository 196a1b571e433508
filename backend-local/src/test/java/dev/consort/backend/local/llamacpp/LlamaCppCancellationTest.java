package dev.consort.backend.local.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCppCancellationTest {

    @TempDir
    static Path dir;
    static LLMBackend backend;

    @BeforeAll
    static void load() {
        backend = TinyModelBackends.create(dir);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static ChatRequest longRequest() {
        return ChatRequest.builder().messages(List.of(Message.user("Write a long story.")))
                .maxTokens(480).build();
    }

    @Test
    void closingAfterAFewTokensStopsTheGenerationAtOnce() {
        long before = backend.usage().completionTokens();
        ChatStream stream = backend.stream(longRequest());
        Iterator<ChatChunk> chunks = stream.iterator();
        for (int i = 0; i < 3; i++) {
            chunks.next();
        }
        long start = System.nanoTime();
        stream.close();
        assertFalse(chunks.hasNext());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000);
        long spent = backend.usage().completionTokens() - before;
        assertTrue(spent >= 3 && spent < 20, "generation stopped early, spent " + spent);
        assertStillAnswers();
    }

    @Test
    void closingFromAnotherThreadEndsTheReadersIterationWithinASecond() throws Exception {
        ChatStream stream = backend.stream(longRequest());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger pieces = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            for (ChatChunk chunk : stream) {
                pieces.incrementAndGet();
                started.countDown();
                sleep(5);
            }
            finished.countDown();
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        stream.close();
        assertTrue(finished.await(1, TimeUnit.SECONDS), "the reader stopped within a second");
        assertTrue(pieces.get() < 100, "stopped early after " + pieces.get() + " pieces");
        assertStillAnswers();
    }

    @Test
    void closingTwiceOrAfterTheEndIsHarmless() {
        ChatStream stream = backend.stream(TinyModelBackends.ask("Hi", 4));
        ChatResponse response = stream.collect();
        stream.close();
        stream.close();
        assertTrue(response.usage().completionTokens() <= 4);
    }

    private static void assertStillAnswers() {
        ChatResponse response = backend.chat(TinyModelBackends.ask("Still there?", 5));
        assertTrue(response.usage().completionTokens() >= 1);
        assertEquals(backend.countTokens(TinyModelBackends.ask("Still there?", 5).messages()),
                response.usage().promptTokens());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
