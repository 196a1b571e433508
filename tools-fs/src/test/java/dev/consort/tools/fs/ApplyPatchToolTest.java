package dev.consort.tools.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyPatchToolTest {

    @TempDir
    Path root;

    private TestToolContext context;
    private final ApplyPatchTool tool = new ApplyPatchTool();

    @BeforeEach
    void setUp() throws IOException {
        context = TestToolContext.of(root);
    }

    @Test
    void failingHunkInTheSecondFileLeavesEveryFileUntouchedAndNamesFileAndLine() throws IOException {
        write("src/One.java", "class One {\n    int a = 1;\n}\n");
        write("src/Two.java", "class Two {\n    int b = 2;\n    int c = 3;\n}\n");
        write("old.txt", "old\n");
        String patch = """
            diff --git a/src/One.java b/src/One.java
            --- a/src/One.java
            +++ b/src/One.java
            @@ -1,3 +1,3 @@
             class One {
            -    int a = 1;
            +    int a = 10;
             }
            --- /dev/null
            +++ b/created.txt
            @@ -0,0 +1 @@
            +new
            --- a/old.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -old
            --- a/src/Two.java
            +++ b/src/Two.java
            @@ -1,2 +1,2 @@
             class Two {
            -    int b = 2;
            +    int b = 20;
            @@ -3,2 +3,2 @@
            -    int c = 999;
            +    int c = 30;
             }
            """;
        ToolResult result = tool.invoke(Json.args("patch", patch), context);
        assertTrue(result.error(), result.content());
        assertTrue(result.content().contains("src/Two.java:3: hunk 2 of 2"), result.content());
        assertTrue(result.content().contains("nothing was changed"), result.content());
        assertEquals("class One {\n    int a = 1;\n}\n", read("src/One.java"));
        assertEquals("class Two {\n    int b = 2;\n    int c = 3;\n}\n", read("src/Two.java"));
        assertEquals("old\n", read("old.txt"));
        assertFalse(Files.exists(root.resolve("created.txt")));
    }

    @Test
    void appliesHunksAtShiftedLinesAndKeepsWindowsLineEndings() throws IOException {
        write("crlf.txt", "intro\r\nmore\r\na\r\nb\r\nc\r\n");
        String patch = """
            --- a/crlf.txt
            +++ b/crlf.txt
            @@ -1,3 +1,3 @@
             a
            -b
            +B
             c
            """;
        ToolResult result = tool.invoke(Json.args("patch", patch), context);
        assertFalse(result.error(), result.content());
        assertEquals("intro\r\nmore\r\na\r\nB\r\nc\r\n", read("crlf.txt"));
        assertEquals(List.of("crlf.txt"), result.datum("files").orElseThrow());
    }

    @Test
    void readsContentLinesThatLookLikeFileHeaders() throws IOException {
        write("notes.md", "-- two\nkeep\n");
        String patch = """
            --- a/notes.md
            +++ b/notes.md
            @@ -1,2 +1,2 @@
            --- two
            ++++ two
             keep
            """;
        ToolResult result = tool.invoke(Json.args("patch", patch), context);
        assertFalse(result.error(), result.content());
        assertEquals("+++ two\nkeep\n", read("notes.md"));
    }

    @Test
    void refusesToCreateAFileThatExists() throws IOException {
        write("here.txt", "mine\n");
        String patch = """
            --- /dev/null
            +++ b/here.txt
            @@ -0,0 +1 @@
            +theirs
            """;
        ToolResult result = tool.invoke(Json.args("patch", patch), context);
        assertTrue(result.error());
        assertTrue(result.content().contains("here.txt:1") && result.content().contains("already exists"), result.content());
        assertEquals("mine\n", read("here.txt"));
    }

    @Test
    void appliesTwoDiffsOfOneFileInOrderAndCreatesParentFolders() throws IOException {
        write("a.txt", "1\n2\n3\n");
        String patch = """
            --- a/a.txt
            +++ b/a.txt
            @@ -1,2 +1,2 @@
            -1
            +one
             2
            --- a/a.txt
            +++ b/a.txt
            @@ -1,3 +1,3 @@
             one
             2
            -3
            +three
            --- /dev/null
            +++ b/deep/er/new.txt
            @@ -0,0 +1,2 @@
            +x
            +y
            """;
        ToolResult result = tool.invoke(Json.args("patch", patch), context);
        assertFalse(result.error(), result.content());
        assertEquals("one\n2\nthree\n", read("a.txt"));
        assertEquals("x\ny\n", read("deep/er/new.txt"));
    }

    @Test
    void rejectsTextThatIsNoDiff() {
        ToolResult result = tool.invoke(Json.args("patch", "just some words\n"), context);
        assertTrue(result.error());
        assertTrue(result.content().contains("no file diff"), result.content());
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String read(String name) throws IOException {
        return Files.readString(root.resolve(name));
    }
}
