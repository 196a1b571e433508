package dev.consort.backend.review;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.testkit.ReplayServer;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up of the Gemini tests: a backend pointed at a replay server on 127.0.0.1. */
final class GeminiFixture {

    static final String KEY = "test-key-Zq81";

    private GeminiFixture() {
    }

    static LLMBackend backend(ReplayServer server, Object... extra) {
        List<Object> kv = new ArrayList<>(List.of("model", "gemini-2.5-pro", "api_key", KEY, "base_url",
                server.baseUrl(), "read_timeout", "5s", "connect_timeout", "2s"));
        kv.addAll(List.of(extra));
        return new GeminiBackendProvider().create("review", TestConfig.of(kv.toArray()), TestConfig.context());
    }

    static ChatRequest ask(String text) {
        return ChatRequest.of(List.of(Message.user(text)));
    }

    static List<ChatChunk> drain(ChatStream stream) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (stream) {
            for (ChatChunk c : stream) {
                chunks.add(c);
            }
        }
        return chunks;
    }

    static String text(List<ChatChunk> chunks) {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> {
            if (c instanceof ChatChunk.Text t) {
                b.append(t.delta());
            }
        });
        return b.toString();
    }

    static String reasoning(List<ChatChunk> chunks) {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> {
            if (c instanceof ChatChunk.Reasoning t) {
                b.append(t.delta());
            }
        });
        return b.toString();
    }

    static ChatChunk.Done done(List<ChatChunk> chunks) {
        return (ChatChunk.Done) chunks.get(chunks.size() - 1);
    }
}
