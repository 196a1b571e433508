package dev.consort.tools.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsDetailTest {

    @TempDir
    Path root;

    private TestToolContext context;

    @BeforeEach
    void setUp() throws IOException {
        context = TestToolContext.of(root);
    }

    @Test
    void readFileCutsAtTheOutputCapAndSaysSo() throws IOException {
        Files.writeString(root.resolve("big.txt"), "0123456789\n".repeat(100));
        ToolResult result = new ReadFileTool().invoke(Json.args("path", "big.txt"), context.withCap(55));
        assertTrue(result.truncated());
        assertTrue(result.content().startsWith("0123456789\n".repeat(5)), result.content());
        assertTrue(result.content().endsWith("[... output truncated at 55 bytes ...]\n"), result.content());
    }

    @Test
    void readFilePastTheLastLineIsAClearFailure() throws IOException {
        Files.writeString(root.resolve("short.txt"), "a\nb\n");
        ToolResult result = new ReadFileTool().invoke(Json.args("path", "short.txt", "start_line", 5), context);
        assertTrue(result.error());
        assertTrue(result.content().contains("has 2 lines"), result.content());
        assertThrows(ToolException.class,
            () -> new ReadFileTool().invoke(Json.args("path", "short.txt", "start_line", 3, "end_line", 2), context));
    }

    @Test
    void writeFileCreatesFoldersAndKeepsAnExistingFilesPermissions() throws IOException {
        Path script = root.resolve("bin/run.sh");
        new WriteFileTool().invoke(Json.args("path", "bin/run.sh", "content", "#!/bin/sh\n"), context);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        ToolResult result = new WriteFileTool().invoke(Json.args("path", "bin/run.sh", "content", "#!/bin/sh\necho hi\n"),
            context);
        assertFalse(result.error(), result.content());
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(script));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
        assertEquals(List.of("run.sh"), Files.list(script.getParent()).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void searchRespectsGitignoreSkipsBinariesAndCapsBytes() throws IOException {
        Files.writeString(root.resolve(".gitignore"), "ignored/\n");
        Files.createDirectories(root.resolve("ignored"));
        Files.writeString(root.resolve("ignored/x.txt"), "token\n");
        Files.write(root.resolve("blob.bin"), new byte[] {'t', 'o', 'k', 'e', 'n', 0});
        Files.writeString(root.resolve("src.txt"), "first token\nnone\nsecond token\n");
        ToolResult found = new SearchTool().invoke(Json.args("pattern", "token"), context);
        assertEquals("src.txt:1:first token\nsrc.txt:3:second token\n", found.content());
        assertEquals(2, found.datum("matches").orElseThrow());

        Files.writeString(root.resolve("many.txt"), "token line\n".repeat(100));
        ToolResult capped = new SearchTool().invoke(Json.args("pattern", "token", "path", "many.txt"), context.withCap(100));
        assertTrue(capped.truncated());
        assertTrue(capped.content().endsWith("[... output truncated at 100 bytes ...]\n"), capped.content());
        assertEquals(4, capped.datum("matches").orElseThrow());
    }

    @Test
    void searchTakesRegexesOnlyWhenAskedAndRefusesBrokenOnes() throws IOException {
        Files.writeString(root.resolve("a.txt"), "x(1)\nx1\n");
        assertEquals("a.txt:1:x(1)\n", new SearchTool().invoke(Json.args("pattern", "x(1)"), context).content());
        assertEquals("a.txt:1:x(1)\na.txt:2:x1\n",
            new SearchTool().invoke(Json.args("pattern", "x\\(?1", "regex", true), context).content());
        ToolException e = assertThrows(ToolException.class,
            () -> new SearchTool().invoke(Json.args("pattern", "x(", "regex", true), context));
        assertTrue(e.getMessage().startsWith("invalid regex"), e.getMessage());
    }

    @Test
    void listDirFiltersByGlobAtDepth() throws IOException {
        Files.createDirectories(root.resolve("src/a"));
        Files.writeString(root.resolve("src/a/A.java"), "");
        Files.writeString(root.resolve("src/a/notes.md"), "");
        Files.writeString(root.resolve("Top.java"), "");
        ToolResult result = new ListDirTool().invoke(Json.args("glob", "**/*.java", "depth", 3), context);
        assertEquals("Top.java\nsrc/a/A.java\n", result.content());
        ToolResult shallow = new ListDirTool().invoke(Json.args("path", "src", "depth", 1), context);
        assertEquals("src/a/\n", shallow.content());
    }

    @Test
    void everyToolDeclaresAStrictObjectSchemaAndItsEffect() throws IOException {
        FsToolProvider provider = new FsToolProvider();
        List<Tool> tools = List.of(new ReadFileTool(), new WriteFileTool(), new ListDirTool(), new SearchTool(),
            new ApplyPatchTool());
        assertEquals(provider.toolNames(), tools.stream().map(Tool::name).collect(Collectors.toSet()));
        Map<String, ToolEffect> effects = Map.of("read_file", ToolEffect.READ, "list_dir", ToolEffect.READ,
            "search", ToolEffect.READ, "write_file", ToolEffect.WRITE, "apply_patch", ToolEffect.WRITE);
        ObjectMapper mapper = new ObjectMapper();
        for (Tool tool : tools) {
            JsonNode schema = mapper.readTree(tool.parametersSchema());
            assertEquals("object", schema.get("type").asText(), tool.name());
            assertTrue(schema.get("properties").isObject(), tool.name());
            assertTrue(schema.get("required").isArray(), tool.name());
            assertFalse(schema.get("additionalProperties").asBoolean(true), tool.name());
            schema.get("required").forEach(r -> assertTrue(schema.get("properties").has(r.asText()), tool.name()));
            assertEquals(effects.get(tool.name()), tool.effect(), tool.name());
            assertFalse(tool.description().isBlank());
        }
    }
}
