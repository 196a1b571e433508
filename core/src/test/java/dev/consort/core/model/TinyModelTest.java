package dev.consort.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.consort.core.api.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyModelTest {

    @TempDir
    Path dir;

    @Test
    void writesTheModelCreatingParentFolders() throws IOException {
        Path target = dir.resolve("a/b/tiny.gguf");
        assertEquals(target, TinyModel.write(target, 3));
        assertArrayEquals(TinyGgufWriter.generate(3), Files.readAllBytes(target));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path target = dir.resolve("tiny.gguf");
        Files.writeString(target, "old");
        TinyModel.write(target, 3);
        assertArrayEquals(TinyGgufWriter.generate(3), Files.readAllBytes(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void defaultPathIsUnderTheCacheModelsFolder() {
        assertEquals(dir.resolve("models/tiny-random.gguf"), TinyModel.defaultPath(dir));
    }
}
