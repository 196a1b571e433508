package dev.consort.backend.local.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufHeaderTest {

    @TempDir
    Path dir;

    @Test
    void readsContextLengthTemplateAndBosFromTheHeaderSkippingTheVocabulary() throws IOException {
        GgufHeader header = GgufHeader.read(TinyModelBackends.model(dir));
        assertEquals(512, header.contextLength());
        assertTrue(header.chatTemplate().contains("[INST]"));
        assertTrue(header.addsBos());
    }

    @Test
    void refusesAFileThatIsNotGguf() throws IOException {
        Path file = Files.writeString(dir.resolve("model.gguf"), "not a model at all");
        IOException e = assertThrows(IOException.class, () -> GgufHeader.read(file));
        assertTrue(e.getMessage().contains("GGUF"), e.getMessage());
    }
}
