package org.example.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountToolTest {

    @TempDir
    Path sandbox;

    /** A context confined to the temporary folder, as Consort's sandbox confines a real call. */
    private ToolContext context() {
        return new ToolContext() {
            public Path sandboxRoot() {
                return sandbox;
            }

            public Path resolve(String path) {
                Path p = sandbox.resolve(path).normalize();
                if (!p.startsWith(sandbox)) {
                    throw new ToolException("path escapes the sandbox: " + path);
                }
                return p;
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public int maxOutputBytes() {
                return 65536;
            }

            public Map<String, String> environment() {
                return Map.of();
            }

            public Map<String, Object> settings() {
                return Map.of();
            }
        };
    }

    @Test
    void countsLinesWordsAndCharacters() throws IOException {
        Files.writeString(sandbox.resolve("notes.txt"), "one two\nthree\n");
        ToolResult r = new WordCountTool(1024).invoke("{\"path\": \"notes.txt\"}", context());
        assertEquals("2 lines, 3 words, 14 characters in notes.txt", r.content());
        assertEquals(3L, r.datum("words").orElseThrow());
    }

    @Test
    void aPathOutsideTheSandboxIsRefused() {
        assertThrows(ToolException.class, () -> new WordCountTool(1024).invoke("{\"path\": \"../etc/passwd\"}", context()));
    }

    @Test
    void aMissingPathArgumentIsAnErrorResult() {
        assertTrue(new WordCountTool(1024).invoke("{}", context()).error());
    }
}
