package dev.consort.backend.fast;

import static dev.consort.backend.fast.OpenAiFixture.backend;
import static dev.consort.backend.fast.OpenAiFixture.chunks;
import static dev.consort.backend.fast.OpenAiFixture.hello;
import static dev.consort.backend.fast.OpenAiFixture.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.testkit.ReplayServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The incremental parser must make the same chunks of a recording however its bytes are cut. */
class OpenAiSplitReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"openai-chat-stream-text-langchaingo.sse", "openai-chat-stream-usage-langchaingo.sse",
            "openai-chat-stream-toolcall-pydantic-ai.sse", "openai-chat-stream-toolcall-parallel-pydantic-ai.sse",
            "openai-chat-stream-toolcall-longargs-pydantic-ai.sse", "openai-chat-stream-text-after-tool-pydantic-ai.sse",
            "openaicompat-openrouter-stream-comment-langchaingo.sse"})
    void yieldsTheSameChunksWhateverTheByteBoundaries(String recording) {
        try (ReplayServer server = ReplayServer.start(); LLMBackend backend = backend(server)) {
            server.enqueue(recorded(recording));
            List<ChatChunk> whole = chunks(backend, hello());
            assertInstanceOf(ChatChunk.Done.class, whole.get(whole.size() - 1));
            for (long seed = 1; seed <= 5; seed++) {
                server.enqueue(recorded(recording).splitRandomly(seed));
                assertEquals(whole, chunks(backend, hello()), "split with seed " + seed);
            }
            server.enqueue(recorded(recording).splitEvery(1));
            assertEquals(whole, chunks(backend, hello()), "split into single bytes");
            server.enqueue(recorded(recording).splitEvery(7));
            assertEquals(whole, chunks(backend, hello()), "split every 7 bytes");
        }
    }
}
