package dev.consort.backend.local.llamacpp;

import dev.consort.spi.testkit.MapPluginConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaCppSettingsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryKey() {
        LlamaCppSettings s = LlamaCppSettings.from(MapPluginConfig.at("backends.local", "model", "/m.gguf", "context_window", 2048,
                "threads", 2, "gpu_layers", 0, "chat_template", "{{ x }}", "temperature", 0.2, "top_p", 0.9,
                "top_k", 20, "seed", 5, "max_output_tokens", 256, "parallel", 3));
        assertEquals(Path.of("/m.gguf"), s.model());
        assertEquals(2048, s.contextWindow());
        assertEquals(3, s.parallel());
        assertEquals(5, s.seed().getAsLong());
        assertEquals("{{ x }}", s.chatTemplate());
    }

    @Test
    void refusesUnknownKeysAndBadValuesNamingTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> LlamaCppSettings.from(MapPluginConfig.at("backends.local", "model", "m", "ctx", 1)))
                .getMessage().contains("ctx"));
        assertTrue(assertThrows(ConfigException.class, () -> LlamaCppSettings.from(MapPluginConfig.at("backends.local", "model", "m",
                "temperature", 3))).getMessage().contains("temperature"));
        assertTrue(assertThrows(ConfigException.class, () -> LlamaCppSettings.from(MapPluginConfig.at("backends.local", "model", "m",
                "context_window", 100, "max_output_tokens", 100))).getMessage().contains("max_output_tokens"));
        assertThrows(ConfigException.class, () -> LlamaCppSettings.from(MapPluginConfig.at("backends.local", "threads", 2)));
    }

    @Test
    void aMissingModelFileFailsTheFirstCallWithOneLineNamingTheKey() {
        LLMBackend backend = new LlamaCppBackendProvider().create("local",
                MapPluginConfig.at("backends.local", "model", dir.resolve("absent.gguf").toString()), MapPluginConfig.context(dir));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> backend.chat(TinyModelBackends.ask("hi", 3)));
        assertTrue(e.getMessage().contains("backends.local.model"), e.getMessage());
        assertEquals(4096, backend.contextWindow(), "a fallback window until the file exists");
    }
}
