package dev.consort.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chunks of a stream: the pre-made frame of later text chunks writes exactly what the JSON tree would. */
class ChatCompletionWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The chunk as OpenAI shapes it, built as a tree. */
    private static String expected(String model, String field, String delta) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 7).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put(field, delta);
        choice.putNull("finish_reason");
        return root.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"one", "", " two\nlines\t\"quoted\" \\ back", "é ü 日本 🙂", "\u0000\u001f control"})
    void laterTextChunksMatchTheTreeByteForByte(String delta) {
        ChatCompletionWriter w = new ChatCompletionWriter(JSON, "chatcmpl-1", 7, "gpt-4o-mini");
        w.text("first", true, false);
        assertEquals(expected("gpt-4o-mini", "content", delta), utf8(w.text(delta, false, false)));
        assertEquals(expected("gpt-4o-mini", "reasoning_content", delta), utf8(w.text(delta, false, true)));
        assertEquals(expected("gpt-4o-mini", "content", delta + "!"), utf8(w.text(delta + "!", false, false)));
    }

    @Test
    void aModelNameThatLooksLikeTheFrameDoesNotMoveIt() {
        String model = "m\",\"finish_reason\":null}]}";
        ChatCompletionWriter w = new ChatCompletionWriter(JSON, "chatcmpl-1", 7, model);
        assertEquals(expected(model, "content", "x"), utf8(w.text("x", false, false)));
    }

    @Test
    void theFirstChunkSaysTheRole() throws Exception {
        ChatCompletionWriter w = new ChatCompletionWriter(JSON, "chatcmpl-1", 7, "m");
        var delta = JSON.readTree(w.text("hi", true, false)).path("choices").path(0).path("delta");
        assertEquals("assistant", delta.path("role").asText());
        assertEquals("hi", delta.path("content").asText());
    }

    @Test
    void completionIdsAreDistinctAndShapedAsOpenAiDoes() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ChatCompletionsHandler.completionId();
            org.junit.jupiter.api.Assertions.assertTrue(id.matches("chatcmpl-[0-9a-f]{32}"), id);
            ids.add(id);
        }
        assertEquals(100_000, ids.size());
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
