package dev.consort.backend.review;

import static dev.consort.backend.review.GeminiFixture.ask;
import static dev.consort.backend.review.GeminiFixture.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each streamed recording, cut at arbitrary byte boundaries, gives exactly what it gives whole. */
class GeminiSplitReplayTest {

    static Stream<Arguments> cuts() {
        List<String> recordings = List.of("gemini-stream-text-pydantic-ai.sse", "gemini-stream-functioncall-pydantic-ai.sse",
                "gemini-stream-thinking-pydantic-ai.sse");
        List<Arguments> args = new java.util.ArrayList<>();
        for (String r : recordings) {
            args.add(Arguments.of(r, "1-byte pieces", (UnaryOperator<Reply>) reply -> reply.splitEvery(1)));
            args.add(Arguments.of(r, "7-byte pieces", (UnaryOperator<Reply>) reply -> reply.splitEvery(7)));
            for (long seed : new long[] {1, 2, 3, 42, 1234}) {
                args.add(Arguments.of(r, "random seed " + seed, (UnaryOperator<Reply>) reply -> reply.splitRandomly(seed)));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cuts")
    void givesTheSameChunksWhateverTheByteBoundaries(String recording, String how, UnaryOperator<Reply> cut) {
        try (ReplayServer server = ReplayServer.start()) {
            LLMBackend backend = GeminiFixture.backend(server);
            server.enqueue(Reply.recorded(getClass(), "/wire/" + recording));
            server.enqueue(cut.apply(Reply.recorded(getClass(), "/wire/" + recording)));
            List<ChatChunk> whole = drain(backend.stream(ask("q")));
            List<ChatChunk> pieces = drain(backend.stream(ask("q")));
            assertInstanceOf(ChatChunk.Done.class, whole.get(whole.size() - 1));
            assertEquals(whole, pieces);
            backend.close();
        }
    }
}
