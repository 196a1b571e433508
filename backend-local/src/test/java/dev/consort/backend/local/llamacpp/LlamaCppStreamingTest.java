package dev.consort.backend.local.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCppStreamingTest {

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

    @Test
    void streamsTextPiecesAndEndsWithOneDone() {
        List<ChatChunk> chunks = new ArrayList<>();
        try (ChatStream stream = backend.stream(TinyModelBackends.ask("Say hello.", 24))) {
            stream.forEach(chunks::add);
        }
        ChatChunk.Done done = assertInstanceOf(ChatChunk.Done.class, chunks.getLast());
        assertTrue(chunks.subList(0, chunks.size() - 1).stream().allMatch(c -> c instanceof ChatChunk.Text));
        assertTrue(chunks.size() > 2, "several text pieces, got " + chunks);
        assertEquals("tiny-random.gguf", done.model());
        assertTrue(done.usage().completionTokens() > 0);
    }

    @Test
    void usageHasTheTokenizersPromptCountAndTheExactOutputLimit() {
        ChatRequest request = TinyModelBackends.ask("Count to ten.", 12);
        UsageStats before = backend.usage();
        ChatResponse response = backend.chat(request);
        assertEquals(FinishReason.LENGTH, response.finishReason(), "the tiny model with seed 7 runs to the limit");
        assertEquals(backend.countTokens(request.messages()), response.usage().promptTokens());
        assertEquals(12, response.usage().completionTokens());
        assertTrue(response.usage().exact());
        UsageStats after = backend.usage();
        assertEquals(1, after.requests() - before.requests());
        assertEquals(response.usage().totalTokens(),
                after.promptTokens() + after.completionTokens() - before.promptTokens() - before.completionTokens());
    }

    @Test
    void countsExactlyAsLlamaCppDoesSoAPromptOneTokenShortOfTheWindowStillGenerates() {
        assertTrue(backend.countsTokensExactly());
        List<Message> messages = fill(backend.contextWindow() - 1);
        ChatResponse response = backend.chat(ChatRequest.builder().messages(messages).maxTokens(50).build());
        assertEquals(backend.contextWindow() - 1, response.usage().promptTokens());
        assertEquals(1, response.usage().completionTokens(), "the one token left in the window");
    }

    @Test
    void refusesAPromptOverTheWindowBeforeGenerating() {
        List<Message> messages = fill(backend.contextWindow());
        UsageStats before = backend.usage();
        long start = System.nanoTime();
        ContextLengthExceededException e = assertThrows(ContextLengthExceededException.class,
                () -> backend.stream(ChatRequest.builder().messages(messages).maxTokens(10).build()));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
        assertTrue(e.getMessage().contains("512"), e.getMessage());
        assertFalse(e.retryable());
        assertEquals(before.completionTokens(), backend.usage().completionTokens());
    }

    @Test
    void windowDefaultsToTheModelsOwnContextLength() {
        assertEquals(512, backend.contextWindow());
        assertEquals(128, backend.maxOutputTokens());
        assertEquals("Local coder", backend.persona().description());
    }

    /** A conversation whose prompt takes exactly {@code tokens} tokens. */
    private static List<Message> fill(int tokens) {
        StringBuilder text = new StringBuilder();
        while (true) {
            List<Message> messages = List.of(Message.user(text.toString()));
            int count = backend.countTokens(messages);
            if (count == tokens) {
                return messages;
            }
            if (count > tokens) {
                throw new IllegalStateException("overshot " + tokens + " with " + count);
            }
            text.append(count + 8 <= tokens ? "x x x x " : "x");
        }
    }
}
