package dev.consort.backend.local.ollama;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.testkit.ReplayServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared set-up of the Ollama tests: a backend pointed at a replay server on 127.0.0.1. */
final class OllamaFixture {

    private OllamaFixture() {
    }

    /** A backend with a configured window (so no {@code /api/show} call), overridable by {@code extra}. */
    static LLMBackend backend(ReplayServer server, Object... extra) {
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("model", "gemma3:1b");
        kv.put("base_url", server.baseUrl());
        kv.put("context_window", 8192);
        kv.put("read_timeout", "5s");
        kv.put("connect_timeout", "2s");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                kv.remove((String) extra[i]);
            } else {
                kv.put((String) extra[i], extra[i + 1]);
            }
        }
        List<Object> flat = new ArrayList<>();
        kv.forEach((k, v) -> {
            flat.add(k);
            flat.add(v);
        });
        return new OllamaBackendProvider().create("local", TestConfig.of(flat.toArray()), TestConfig.context());
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

    static ChatChunk.Done done(List<ChatChunk> chunks) {
        return (ChatChunk.Done) chunks.get(chunks.size() - 1);
    }
}
