package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh machine: no configuration, no key, no network; the embedded engine on the tiny model. */
class EmbeddedDefaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void askWorksWithNoConfigurationAndSaysTheModelIsNoise() throws Exception {
        Dist.Result r = Dist.run(dir, "ask", "hello");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("tiny random model, whose output is noise"), r.err());
        assertFalse(r.out().contains("Extracted"), "the native loader wrote to stdout: " + r.out());
        assertTrue(Files.size(dir.resolve(".home/.cache/consort/models/tiny-random.gguf")) < 1_000_000);
        Dist.Result check = Dist.run(dir, "config", "check");
        assertEquals(0, check.exit(), check.all());
        assertTrue(check.out().contains("built-in defaults; backends: local"), check.out());
    }

    @Test
    void theTinyModelAnswersJsonAndToolCallsThroughGrammarConstrainedDecoding() throws Exception {
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, """
                [{"name":"read_file","description":"Read a file",
                  "parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"],
                                "additionalProperties":false}}]""");
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  local: { type: llamacpp, model: "%s", context_window: 2048, seed: 7 }
                context: { store: memory }
                """.formatted(dir.resolve("tiny.gguf")));
        Dist.Result made = Dist.run(dir, "model", "tiny", dir.resolve("tiny.gguf").toString());
        assertEquals(0, made.exit(), made.all());
        Dist.Result r = Dist.run(dir, "ask", "--json", "--max-tokens", "400", "--tools", tools.toString(),
                "--hint", "tool_choice=required", "read it");
        assertEquals(0, r.exit(), r.all());
        JsonNode n = JSON.readTree(r.out());
        JsonNode call = n.get("tool_calls").get(0);
        assertEquals("read_file", call.get("name").asText(), n.toString());
        assertTrue(call.get("arguments").get("path").isTextual(), n.toString());
        assertEquals("tool_calls", n.get("finish_reason").asText());
        assertTrue(n.get("usage").get("prompt_tokens").asInt() > 0, n.toString());
    }
}
