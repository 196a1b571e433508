package dev.consort.backend.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Each recorded stream, delivered cut at arbitrary byte boundaries (random pieces from several seeds, and
 * one byte at a time), gives exactly the chunks it gives delivered whole: the parser is incremental.
 */
class AnthropicSplitReplayTest {

    static Stream<Arguments> cuts() {
        return AnthropicFixture.STREAMS.stream().flatMap(name -> Stream.of(
                Arguments.of(name, "seed 1", (UnaryOperator<Reply>) r -> r.splitRandomly(1)),
                Arguments.of(name, "seed 42", (UnaryOperator<Reply>) r -> r.splitRandomly(42)),
                Arguments.of(name, "seed 20250101", (UnaryOperator<Reply>) r -> r.splitRandomly(20250101)),
                Arguments.of(name, "seed -7", (UnaryOperator<Reply>) r -> r.splitRandomly(-7)),
                Arguments.of(name, "1-byte pieces", (UnaryOperator<Reply>) r -> r.splitEvery(1)),
                Arguments.of(name, "3-byte pieces", (UnaryOperator<Reply>) r -> r.splitEvery(3))));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cuts")
    void givesTheSameChunksWhateverTheByteBoundaries(String name, String how, UnaryOperator<Reply> cut) {
        try (ReplayServer server = ReplayServer.start()) {
            LLMBackend backend = AnthropicFixture.backend(server);
            server.enqueue(AnthropicFixture.recorded(name));
            List<ChatChunk> whole = AnthropicFixture.chunks(backend, AnthropicFixture.hello());
            server.enqueue(cut.apply(AnthropicFixture.recorded(name)));
            List<ChatChunk> pieces = AnthropicFixture.chunks(backend, AnthropicFixture.hello());
            backend.close();

            assertEquals(whole, pieces, name + " in " + how);
        }
    }
}
