package dev.consort.tools.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathEscapeTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private TestToolContext context;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("sandbox"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "needle outside\n");
        Files.writeString(root.resolve("inside.txt"), "needle inside\n");
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        context = TestToolContext.of(root);
    }

    @Test
    void readFileRefusesDotDotAbsoluteAndLinkedPaths() {
        ReadFileTool read = new ReadFileTool();
        for (String path : new String[] {"../outside/secret.txt", outside.resolve("secret.txt").toString(), "link.txt",
                "linkdir/secret.txt", "sub/../../outside/secret.txt"}) {
            ToolException e = assertThrows(ToolException.class, () -> read.invoke(Json.args("path", path), context), path);
            assertTrue(e.getMessage().contains("sandbox"), e.getMessage());
        }
    }

    @Test
    void writeFileThroughLinkedParentFolderIsRefusedAndWritesNothingOutside() {
        WriteFileTool write = new WriteFileTool();
        assertThrows(ToolException.class, () -> write.invoke(Json.args("path", "linkdir/new.txt", "content", "x"), context));
        assertThrows(ToolException.class, () -> write.invoke(Json.args("path", "link.txt", "content", "x"), context));
        assertThrows(ToolException.class, () -> write.invoke(Json.args("path", "../outside/new.txt", "content", "x"), context));
        assertFalse(Files.exists(outside.resolve("new.txt")));
        assertEquals("needle outside\n", read(outside.resolve("secret.txt")));
    }

    @Test
    void listDirRefusesLinkedFolderAndDoesNotEnterIt() {
        ListDirTool list = new ListDirTool();
        assertThrows(ToolException.class, () -> list.invoke(Json.args("path", "linkdir"), context));
        ToolResult all = list.invoke(Json.args("depth", 5), context);
        assertFalse(all.content().contains("secret.txt"), all.content());
        assertTrue(all.content().contains("linkdir@"), all.content());
    }

    @Test
    void searchDoesNotFollowLinksOutOfTheSandbox() {
        ToolResult result = new SearchTool().invoke(Json.args("pattern", "needle"), context);
        assertEquals("inside.txt:1:needle inside\n", result.content());
        assertThrows(ToolException.class, () -> new SearchTool().invoke(Json.args("pattern", "needle", "path", "linkdir"), context));
    }

    @Test
    void applyPatchRefusesFilesOutsideAndChangesNothing() {
        String patch = """
            --- a/inside.txt
            +++ b/inside.txt
            @@ -1 +1 @@
            -needle inside
            +changed
            --- a/../outside/secret.txt
            +++ b/../outside/secret.txt
            @@ -1 +1 @@
            -needle outside
            +stolen
            """;
        assertThrows(ToolException.class, () -> new ApplyPatchTool().invoke(Json.args("patch", patch), context));
        assertEquals("needle inside\n", read(root.resolve("inside.txt")));
        assertEquals("needle outside\n", read(outside.resolve("secret.txt")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
