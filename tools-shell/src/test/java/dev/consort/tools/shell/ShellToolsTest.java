package dev.consort.tools.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellToolsTest {

    @TempDir
    Path root;
    TestToolContext ctx;
    final RunCommandTool run = new RunCommandTool();

    @BeforeEach
    void setUp() throws Exception {
        ctx = TestToolContext.of(root);
    }

    @Test
    void reportsExitCodesAndPassesArgvLiterally() {
        ToolResult ok = run.invoke("{\"argv\":[\"echo\",\"$HOME\"]}", ctx);
        assertFalse(ok.error());
        assertEquals(0, ok.exitCode());
        assertTrue(ok.content().contains("--- stdout ---\n$HOME\n"), ok.content());
        ToolResult fail = run.invoke("{\"argv\":[\"sh\",\"-c\",\"exit 3\"]}", ctx);
        assertTrue(fail.error());
        assertEquals(3, fail.exitCode());
    }

    @Test
    void runsInTheGivenFolderWithOnlyTheAllowedEnvironment() throws Exception {
        Files.createDirectories(root.resolve("sub"));
        ToolResult pwd = run.invoke("{\"argv\":[\"pwd\"],\"cwd\":\"sub\"}", ctx);
        assertTrue(pwd.content().contains(root.toRealPath().resolve("sub") + "\n"), pwd.content());
        ToolResult env = run.invoke("{\"argv\":[\"env\"]}", ctx);
        assertFalse(env.content().contains("SECRET") || env.content().contains("JAVA_HOME"), env.content());
        assertTrue(env.content().contains("HOME=/nowhere"));
    }

    @Test
    void killsTheWholeProcessTreeOnTimeOut() throws Exception {
        Path pids = root.resolve("pids");
        long start = System.nanoTime();
        ToolResult r = run.invoke("{\"argv\":[\"sleep 100 & echo $! > pids; sleep 100 & echo $! >> pids; wait\"],"
            + "\"shell\":true,\"timeout_ms\":500}", ctx);
        assertTrue(r.error());
        assertTrue(r.content().startsWith("timed out after 500ms"), r.content());
        assertTrue(System.nanoTime() - start < 8_000_000_000L);
        List<String> ids = Files.readAllLines(pids);
        assertEquals(2, ids.size());
        Thread.sleep(200);
        for (String id : ids) {
            assertFalse(running(id.strip()), id);
        }
    }

    /** Alive and not a zombie (a killed orphan may wait for a container's init to reap it). */
    private static boolean running(String pid) throws Exception {
        Path stat = Path.of("/proc", pid, "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void capsAFloodOfOutputAndStillEnds() {
        ToolResult r = run.invoke("{\"argv\":[\"sh\",\"-c\",\"yes | head -c 5000000\"]}", ctx.withCap(1000));
        assertTrue(r.truncated());
        assertEquals(0, r.exitCode());
        assertTrue(r.content().contains("[... output truncated at 1000 bytes ...]"));
        assertTrue(r.content().length() < 3000);
    }

    @Test
    void runTestsTotalsTheReportsTheCommandWrote() throws Exception {
        Path script = root.resolve("fake-tests.sh");
        Files.writeString(script, """
            #!/bin/sh
            mkdir -p target/surefire-reports
            cat > target/surefire-reports/TEST-demo.xml <<'XML'
            <?xml version="1.0"?>
            <testsuite name="demo" tests="3">
              <testcase classname="demo.A" name="ok"/>
              <testcase classname="demo.A" name="broken"><failure message="expected 1 but was 2">trace</failure></testcase>
              <testcase classname="demo.A" name="later"><skipped/></testcase>
            </testsuite>
            XML
            exit 1
            """);
        script.toFile().setExecutable(true);
        ToolResult r = new RunTestsTool().invoke("{}", ctx.withSettings(Map.of("command", List.of("sh", "fake-tests.sh"))));
        assertTrue(r.error());
        assertEquals(3, r.datum("tests").orElseThrow());
        assertEquals(1, r.datum("passed").orElseThrow());
        assertEquals(1, r.datum("failed").orElseThrow());
        assertEquals(1, r.datum("skipped").orElseThrow());
        assertEquals(List.of(Map.of("name", "demo.A.broken", "message", "expected 1 but was 2")),
            r.datum("failures").orElseThrow());
        ToolResult none = new RunTestsTool().invoke("{}", ctx);
        assertTrue(none.error() && none.content().contains("set tools.settings.run_tests.command"));
    }
}
