package dev.consort.backend.local.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCppConstrainedOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // enums and integers keep the random model's strings short enough to finish within the output limit
    private static final ToolSpec READ_FILE = new ToolSpec("read_file", "Reads a file.",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"enum\":[\"README.md\",\"pom.xml\"]},"
                    + "\"max_lines\":{\"type\":\"integer\"}},\"required\":[\"path\"],\"additionalProperties\":false}");
    private static final ToolSpec LIST_DIR = new ToolSpec("list_dir", "Lists a folder.",
            "{\"type\":\"object\",\"properties\":{\"depth\":{\"type\":\"integer\"},\"hidden\":{\"type\":\"boolean\"}},"
                    + "\"required\":[\"depth\",\"hidden\"],\"additionalProperties\":false}");

    @TempDir
    static Path dir;
    static LLMBackend backend;

    @BeforeAll
    static void load() {
        // tool descriptions and schemas tokenize mostly into byte tokens in the tiny vocabulary
        backend = TinyModelBackends.create(dir, "context_window", 2048);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void aToolOfferingRequestComesBackAsAToolCallWhoseArgumentsMatchTheToolsSchema() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            ChatResponse response = backend.chat(ChatRequest.builder()
                    .messages(List.of(Message.user("Look at the project " + attempt)))
                    .tools(List.of(READ_FILE, LIST_DIR)).hints(Map.of("tool_choice", "required"))
                    .maxTokens(120).build());
            assertEquals(FinishReason.TOOL_CALLS, response.finishReason());
            assertEquals(1, response.toolCalls().size());
            ToolCall call = response.toolCalls().getFirst();
            assertTrue(call.id().startsWith("call_"), call.id());
            ToolSpec spec = call.name().equals("read_file") ? READ_FILE : LIST_DIR;
            assertEquals(spec.name(), call.name());
            assertValid(spec.parametersSchemaJson(), call.argumentsJson());
            assertEquals("", response.content());
        }
    }

    @Test
    void aNamedToolChoiceCallsThatTool() throws Exception {
        ChatResponse response = backend.chat(ChatRequest.builder().messages(List.of(Message.user("List it.")))
                .tools(List.of(READ_FILE, LIST_DIR)).hints(Map.of("tool_choice", "list_dir")).maxTokens(120).build());
        assertEquals("list_dir", response.toolCalls().getFirst().name());
        assertValid(LIST_DIR.parametersSchemaJson(), response.toolCalls().getFirst().argumentsJson());
    }

    @Test
    void withToolsOfferedByDefaultTheModelEitherCallsOneOrAnswersInText() {
        ChatResponse response = backend.chat(ChatRequest.builder().messages(List.of(Message.user("Hi.")))
                .tools(List.of(READ_FILE, LIST_DIR)).maxTokens(120).build());
        if (response.finishReason() == FinishReason.TOOL_CALLS) {
            assertEquals(1, response.toolCalls().size());
        } else {
            assertTrue(response.toolCalls().isEmpty());
            assertTrue(!response.content().startsWith("{"), response.content());
        }
    }

    @Test
    void aJsonSchemaRequestComesBackAsValidJson() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"verdict\":{\"enum\":[\"ok\",\"broken\"]},"
                + "\"score\":{\"type\":\"integer\"},\"final\":{\"type\":\"boolean\"}},"
                + "\"required\":[\"verdict\",\"score\",\"final\"],\"additionalProperties\":false}";
        ChatResponse response = backend.chat(ChatRequest.builder().messages(List.of(Message.user("Judge it.")))
                .responseFormat(ResponseFormat.jsonSchema("verdict", schema)).maxTokens(100).build());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertValid(schema, response.content());
    }

    private static void assertValid(String schemaJson, String json) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
        JsonNode node = JSON.readTree(json);
        Set<ValidationMessage> problems = schema.validate(node);
        assertTrue(problems.isEmpty(), json + " -> " + problems);
    }
}
