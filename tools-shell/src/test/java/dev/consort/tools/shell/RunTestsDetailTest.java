package dev.consort.tools.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTestsDetailTest {

    @TempDir
    Path root;

    private TestToolContext context;

    @BeforeEach
    void setUp() throws IOException {
        context = TestToolContext.of(root);
    }

    @Test
    void sumsFreshReportsOfSeveralModulesAndIgnoresStaleOnes() throws IOException {
        Path stale = root.resolve("old/target/surefire-reports/TEST-old.xml");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "<testsuite><testcase classname=\"old.T\" name=\"x\"><failure message=\"stale\"/></testcase></testsuite>");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        script("""
            mkdir -p a/target/surefire-reports b/build/test-results/test
            cat > a/target/surefire-reports/TEST-a.A.xml <<'XML'
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="a.A" tests="2" failures="0" errors="1" skipped="0">
              <testcase classname="a.A" name="fine" time="0.01"/>
              <testcase classname="a.A" name="blowsUp"><error type="java.lang.IllegalStateException">java.lang.IllegalStateException: boom
                at a.A.blowsUp(A.java:9)</error></testcase>
            </testsuite>
            XML
            cat > b/build/test-results/test/TEST-b.B.xml <<'XML'
            <testsuites><testsuite name="b.B">
              <testcase classname="b.B" name="one"/>
              <testcase classname="b.B" name="two"/>
              <testcase classname="b.B" name="off"><skipped message="disabled"/></testcase>
            </testsuite></testsuites>
            XML
            echo ran tests
            """);
        ToolResult result = new RunTestsTool().invoke("{}", withCommand());
        assertTrue(result.error(), "an erroring test makes the result an error");
        assertEquals(0, result.exitCode());
        assertEquals(5, result.datum("tests").orElseThrow());
        assertEquals(3, result.datum("passed").orElseThrow());
        assertEquals(0, result.datum("failed").orElseThrow());
        assertEquals(1, result.datum("errors").orElseThrow());
        assertEquals(1, result.datum("skipped").orElseThrow());
        assertEquals(2, result.datum("reports").orElseThrow());
        assertEquals(List.of(Map.of("name", "a.A.blowsUp", "message", "java.lang.IllegalStateException: boom")),
            result.datum("failures").orElseThrow());
        assertTrue(result.content().startsWith("run_tests: exit 0; 5 tests, 3 passed, 0 failed, 1 errors, 1 skipped"),
            result.content());
        assertTrue(result.content().contains("ERROR  a.A.blowsUp: java.lang.IllegalStateException: boom"));
        assertTrue(result.content().contains("ran tests"));
        assertFalse(result.content().contains("stale"));
    }

    @Test
    void aReportWithADoctypeIsRefusedAndNoEntityIsRead() throws IOException {
        Path secret = root.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        script("""
            mkdir -p out
            cat > out/evil.xml <<XML
            <?xml version="1.0"?>
            <!DOCTYPE testsuite [<!ENTITY leak SYSTEM "file://%s">]>
            <testsuite><testcase classname="e" name="x"><failure message="&leak;"/></testcase></testsuite>
            XML
            echo '<testsuite><testcase classname="ok" name="y"/></testsuite>' > out/good.xml
            """.formatted(secret));
        ToolResult result = new RunTestsTool().invoke("{}",
            withCommand().withSettings(Map.of("command", List.of("sh", "tests.sh"), "reports", List.of("out/*.xml"))));
        assertFalse(result.content().contains("TOP-SECRET-VALUE"), result.content());
        assertTrue(result.content().contains("skipped report out/evil.xml"), result.content());
        assertEquals(1, result.datum("tests").orElseThrow());
        assertEquals(1, result.datum("passed").orElseThrow());
        assertFalse(result.error(), result.content());
    }

    @Test
    void aRunWithoutReportsSaysSoAndReportsTheExitCode() throws IOException {
        script("echo compiling; echo 'error: cannot find symbol' >&2; exit 2\n");
        ToolResult result = new RunTestsTool().invoke("{}", withCommand());
        assertTrue(result.error());
        assertEquals(2, result.exitCode());
        assertEquals(0, result.datum("reports").orElseThrow());
        assertTrue(result.content().contains("no test report matched"), result.content());
        assertTrue(result.content().contains("error: cannot find symbol"), result.content());
    }

    private void script(String body) throws IOException {
        Files.writeString(root.resolve("tests.sh"), "#!/bin/sh\n" + body);
    }

    private TestToolContext withCommand() {
        return context.withSettings(Map.of("command", List.of("sh", "tests.sh")));
    }
}
