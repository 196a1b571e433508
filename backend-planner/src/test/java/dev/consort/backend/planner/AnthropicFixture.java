package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds {@code anthropic} backends wired to a replay server, and reads recordings for expected values. */
final class AnthropicFixture {

    static final String KEY = "sk-ant-test-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> STREAMS = List.of(
            "anthropic-messages-stream-text-langchaingo.sse",
            "anthropic-messages-stream-tooluse-langchaingo.sse",
            "anthropic-messages-stream-tooluse-parallel-llm-anthropic.sse",
            "anthropic-messages-stream-thinking-llm-anthropic.sse",
            "anthropic-messages-stream-thinking-pydantic-ai.sse",
            "anthropic-messages-stream-thinking-tooluse-llm-anthropic.sse",
            "anthropic-messages-stream-servertool-tooluse-pydantic-ai.sse");

    private AnthropicFixture() {
    }

    /** A backend named {@code planner} on the server, with a test key and the extra key/value pairs given. */
    static LLMBackend backend(ReplayServer server, Object... extra) {
        List<Object> kv = new ArrayList<>(List.of("model", "claude-sonnet-4-5", "api_key", KEY, "base_url",
                server.baseUrl(), "read_timeout", "5s", "connect_timeout", "2s"));
        for (int i = 0; i < extra.length; i += 2) {
            int at = kv.indexOf(extra[i]);
            if (at >= 0 && at % 2 == 0) {
                kv.set(at + 1, extra[i + 1]);
            } else {
                kv.add(extra[i]);
                kv.add(extra[i + 1]);
            }
        }
        return new AnthropicBackendProvider().create("planner",
                MapPluginConfig.at("backends.planner", kv.toArray()), MapPluginConfig.context());
    }

    static ChatRequest hello() {
        return ChatRequest.of(List.of(Message.user("Say hello")));
    }

    static Reply recorded(String name) {
        return Reply.recorded(AnthropicFixture.class, "/wire/" + name);
    }

    /** An Anthropic error body with a status. */
    static Reply error(int status, String type, String message) {
        return Reply.status(status).contentType("application/json")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}");
    }

    static byte[] bytes(String name) {
        try (InputStream in = AnthropicFixture.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every chunk of a stream, in order. */
    static List<ChatChunk> chunks(LLMBackend backend, ChatRequest request) {
        List<ChatChunk> out = new ArrayList<>();
        try (var stream = backend.stream(request)) {
            for (ChatChunk c : stream) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The JSON objects of a recorded SSE body's data lines, read whole and naively (not incrementally):
     * an independent view of what the adapter must make of it.
     */
    static List<JsonNode> dataObjects(String name) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(bytes(name), StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("data: ")) {
                try {
                    out.add(JSON.readTree(line.substring(6)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** The concatenated deltas of one kind ({@code text_delta} → text, {@code thinking_delta} → thinking). */
    static String recordedDeltas(String name, String deltaType, String field) {
        StringBuilder b = new StringBuilder();
        for (JsonNode event : dataObjects(name)) {
            JsonNode delta = event.path("delta");
            if (deltaType.equals(delta.path("type").asText())) {
                b.append(delta.path(field).asText());
            }
        }
        return b.toString();
    }

    /** The text of a stream's chunks of one type, concatenated. */
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
            if (c instanceof ChatChunk.Reasoning r) {
                b.append(r.delta());
            }
        });
        return b.toString();
    }

    static ChatChunk.Done done(List<ChatChunk> chunks) {
        return (ChatChunk.Done) chunks.get(chunks.size() - 1);
    }

    static List<dev.consort.spi.chat.ToolCall> calls(List<ChatChunk> chunks) {
        return chunks.stream().filter(c -> c instanceof ChatChunk.ToolCallReady)
                .map(c -> ((ChatChunk.ToolCallReady) c).call()).toList();
    }

    static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
