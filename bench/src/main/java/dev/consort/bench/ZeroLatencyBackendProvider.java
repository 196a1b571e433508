package dev.consort.bench;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * Type {@code zero}: answers at once with a fixed text, so a benchmark measures only Consort. With
 * {@code tokenizer: o200k} it counts prompts as the {@code openai} adapter does for GPT-4o-class models
 * (o200k BPE plus the Chat Completions framing), so the cost of counting shows; otherwise it counts
 * about four characters a token.
 */
public final class ZeroLatencyBackendProvider implements BackendProvider {

    private static final ChatResponse ANSWER = new ChatResponse("ok", "", FinishReason.STOP, List.of(),
            Usage.exact(1000, 2), "zero-1");

    @Override
    public String type() {
        return "zero";
    }

    private static long utf8Bytes(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    @Override
    public LLMBackend create(String name, PluginConfig config, PluginContext context) {
        int window = config.integer("context_window").orElse(128_000);
        Encoding bpe = config.string("tokenizer").filter("o200k"::equals)
                .map(t -> Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE)).orElse(null);
        return new LLMBackend() {
            private final UsageCounter usage = new UsageCounter();

            @Override
            public String name() {
                return name;
            }

            @Override
            public String type() {
                return "zero";
            }

            @Override
            public String model() {
                return "zero-1";
            }

            @Override
            public Persona persona() {
                return new Persona("Benchmark", "You answer instantly.");
            }

            @Override
            public int contextWindow() {
                return window;
            }

            @Override
            public int maxOutputTokens() {
                return 1024;
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                usage.success(ANSWER.usage());
                return ANSWER;
            }

            @Override
            public ChatStream stream(ChatRequest request) {
                return ChatStream.of(List.<ChatChunk>of(new ChatChunk.Text("ok"),
                        new ChatChunk.Done(FinishReason.STOP, ANSWER.usage(), "zero-1")).iterator(), () -> { });
            }

            @Override
            public int countTokens(List<Message> messages) {
                if (bpe != null) {
                    int tokens = 3;
                    for (Message m : messages) {
                        tokens += 3 + bpe.countTokensOrdinary(m.role().wireName())
                                + bpe.countTokensOrdinary(m.content());
                    }
                    return tokens;
                }
                int chars = 0;
                for (Message m : messages) {
                    chars += m.content().length() + 16;
                }
                return chars / 4;
            }

            @Override
            public int tokenUpperBound(List<Message> messages) {
                if (bpe == null) {
                    return Integer.MAX_VALUE;
                }
                // As the openai adapter bounds BPE: no more tokens than UTF-8 bytes, and the same framing.
                long bytes = 3;
                for (Message m : messages) {
                    bytes += 3 + utf8Bytes(m.role().wireName()) + utf8Bytes(m.content());
                }
                return (int) Math.min(Integer.MAX_VALUE, bytes);
            }

            @Override
            public void resetContext() {
            }

            @Override
            public UsageStats usage() {
                return usage.snapshot();
            }
        };
    }
}
