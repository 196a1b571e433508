package dev.consort.backend.fast;

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

/** Builds {@code openai} backends wired to a replay server, and reads recordings for expected values. */
final class OpenAiFixture {

    static final String KEY = "sk-test-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiFixture() {
    }

    /** A backend on the server, with a test key and the extra key/value pairs given. */
    static LLMBackend backend(ReplayServer server, Object... extra) {
        return backend(server.baseUrl(), extra);
    }

    /** A backend on the server at that base URL (without {@code /v1}), as {@link #backend(ReplayServer, Object...)}. */
    static LLMBackend backend(String serverUrl, Object... extra) {
        List<Object> kv = new ArrayList<>(List.of("model", "gpt-4o-mini", "api_key", KEY, "base_url",
                serverUrl + "/v1", "read_timeout", "5s", "connect_timeout", "2s"));
        for (int i = 0; i < extra.length; i += 2) {
            int at = kv.indexOf(extra[i]);
            if (at >= 0 && at % 2 == 0) {
                kv.set(at + 1, extra[i + 1]);
            } else {
                kv.add(extra[i]);
                kv.add(extra[i + 1]);
            }
        }
        return new OpenAiBackendProvider().create("fast", MapPluginConfig.at("backends.fast", kv.toArray()),
                MapPluginConfig.context());
    }

    static ChatRequest hello() {
        return ChatRequest.of(List.of(Message.user("Say hello")));
    }

    static Reply recorded(String name) {
        return Reply.recorded(OpenAiFixture.class, "/wire/" + name);
    }

    static byte[] bytes(String name) {
        try (InputStream in = OpenAiFixture.class.getResourceAsStream("/wire/" + name)) {
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
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                try {
                    out.add(JSON.readTree(line.substring(6)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** The text deltas of a recording, concatenated. */
    static String recordedText(String name) {
        StringBuilder b = new StringBuilder();
        for (JsonNode chunk : dataObjects(name)) {
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual()) {
                    b.append(content.asText());
                }
            }
        }
        return b.toString();
    }

    /** The streamed arguments of the tool call at an index, concatenated. */
    static String recordedArguments(String name, int index) {
        StringBuilder b = new StringBuilder();
        for (JsonNode chunk : dataObjects(name)) {
            for (JsonNode call : chunk.path("choices").path(0).path("delta").path("tool_calls")) {
                if (call.path("index").asInt() == index) {
                    b.append(call.path("function").path("arguments").asText(""));
                }
            }
        }
        return b.toString();
    }
}
