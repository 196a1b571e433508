package dev.consort.tools.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsToolsTest {

    @TempDir
    Path temp;
    Path root;
    TestToolContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("ws"));
        ctx = TestToolContext.of(root);
    }

    @Test
    void refusesPathsThatEscapeTheSandbox() throws Exception {
        Files.writeString(temp.resolve("secret.txt"), "s");
        Files.createSymbolicLink(root.resolve("link"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("up"), temp);
        var read = new ReadFileTool();
        for (String p : List.of("../secret.txt", temp.resolve("secret.txt").toString(), "link", "up/secret.txt")) {
            assertThrows(ToolException.class, () -> read.invoke("{\"path\":\"" + p + "\"}", ctx), p);
        }
        assertThrows(ToolException.class,
            () -> new WriteFileTool().invoke("{\"path\":\"up/new.txt\",\"content\":\"x\"}", ctx));
        assertFalse(Files.exists(temp.resolve("new.txt")));
    }

    @Test
    void readsALineRangeAndRefusesBinaryFiles() throws Exception {
        Files.writeString(root.resolve("a.txt"), "one\ntwo\nthree\nfour\n");
        ToolResult r = new ReadFileTool().invoke("{\"path\":\"a.txt\",\"start_line\":2,\"end_line\":3}", ctx);
        assertEquals("two\nthree\n", r.content());
        Files.write(root.resolve("b.bin"), new byte[] {1, 0, 2});
        ToolResult bin = new ReadFileTool().invoke("{\"path\":\"b.bin\"}", ctx);
        assertTrue(bin.error() && bin.content().contains("binary"), bin.content());
    }

    @Test
    void concurrentWritersNeverLeaveAHalfWrittenFile() throws Exception {
        var write = new WriteFileTool();
        List<Thread> writers = new ArrayList<>();
        AtomicBoolean torn = new AtomicBoolean();
        for (int i = 0; i < 8; i++) {
            String content = String.valueOf((char) ('a' + i)).repeat(200_000);
            writers.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 5; k++) {
                    write.invoke("{\"path\":\"deep/x.txt\",\"content\":\"" + content + "\"}", ctx);
                }
            }));
        }
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writers.stream().anyMatch(Thread::isAlive)) {
                try {
                    String s = Files.readString(root.resolve("deep/x.txt"));
                    if (s.length() != 200_000 || s.chars().distinct().count() != 1) {
                        torn.set(true);
                    }
                } catch (java.io.IOException ignored) {
                    // Not created yet.
                }
            }
        });
        for (Thread t : writers) {
            t.join();
        }
        reader.join();
        assertFalse(torn.get());
        try (var files = Files.list(root.resolve("deep"))) {
            assertEquals(1, files.count(), "no temp files left behind");
        }
    }

    @Test
    void listDirHonoursGitignoreAndDepth() throws Exception {
        Files.createDirectories(root.resolve(".git"));
        Files.createDirectories(root.resolve("src/main"));
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve(".gitignore"), "target/\n*.log\n!keep.log\n/top.txt\n");
        Files.writeString(root.resolve("src/.gitignore"), "gen*\n");
        for (String f : List.of("a.log", "keep.log", "top.txt", "src/top.txt", "src/main/A.java", "src/gen1.java")) {
            Files.writeString(root.resolve(f), "x");
        }
        String one = new ListDirTool().invoke("{}", ctx).content();
        assertEquals(".gitignore\nkeep.log\nsrc/\n", one);
        String deep = new ListDirTool().invoke("{\"depth\":3}", ctx).content();
        assertTrue(deep.contains("src/main/A.java") && deep.contains("src/top.txt"), deep);
        assertFalse(deep.contains("gen1") || deep.contains("target") || deep.contains(".git/"), deep);
    }

    @Test
    void searchFindsLiteralsAndRegexesAndCapsHits() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a.b\naxb\n");
        Files.write(root.resolve("c.bin"), new byte[] {'a', '.', 'b', 0});
        assertEquals("a.txt:1:a.b\n", new SearchTool().invoke("{\"pattern\":\"a.b\"}", ctx).content());
        assertEquals("a.txt:1:a.b\na.txt:2:axb\n",
            new SearchTool().invoke("{\"pattern\":\"a.b\",\"regex\":true}", ctx).content());
        Files.writeString(root.resolve("many.txt"), "hit\n".repeat(500));
        ToolResult capped = new SearchTool().invoke("{\"pattern\":\"hit\",\"path\":\"many.txt\"}", ctx);
        assertTrue(capped.truncated());
        assertEquals(200, capped.datum("matches").orElseThrow());
    }

    @Test
    void appliesAMultiFilePatchOrNothing() throws Exception {
        Files.writeString(root.resolve("a.txt"), "1\n2\n3\n");
        Files.writeString(root.resolve("b.txt"), "x\ny\n");
        Files.writeString(root.resolve("gone.txt"), "bye\n");
        String good = """
            --- a/a.txt
            +++ b/a.txt
            @@ -1,3 +1,3 @@
             1
            -2
            +two
             3
            --- /dev/null
            +++ b/new.txt
            @@ -0,0 +1,1 @@
            +fresh
            --- a/gone.txt
            +++ /dev/null
            @@ -1,1 +0,0 @@
            -bye
            """;
        String bad = """
            --- a/b.txt
            +++ b/b.txt
            @@ -1,2 +1,2 @@
            -x
            +X
             y
            --- a/a.txt
            +++ b/a.txt
            @@ -2,1 +2,1 @@
            -nope
            +yes
            """;
        // A rejected patch may come back as an error result or as a ToolException (which the runner turns
        // into one); either way it names the file and line, and nothing changes.
        String rejection;
        try {
            ToolResult r = new ApplyPatchTool().invoke(json(bad), ctx);
            assertTrue(r.error(), r.content());
            rejection = r.content();
        } catch (ToolException e) {
            rejection = e.getMessage();
        }
        assertTrue(rejection.contains("a.txt:2"), rejection);
        assertEquals("x\ny\n", Files.readString(root.resolve("b.txt")));
        assertEquals("1\n2\n3\n", Files.readString(root.resolve("a.txt")));
        ToolResult ok = new ApplyPatchTool().invoke(json(good), ctx);
        assertFalse(ok.error(), ok.content());
        assertEquals("1\ntwo\n3\n", Files.readString(root.resolve("a.txt")));
        assertEquals("fresh\n", Files.readString(root.resolve("new.txt")));
        assertFalse(Files.exists(root.resolve("gone.txt")));
    }

    private static String json(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("patch", s).toString();
    }
}
