package dev.consort.tools.shell;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandDetailTest {

    @TempDir
    Path root;

    private TestToolContext context;
    private final RunCommandTool run = new RunCommandTool();

    @BeforeEach
    void setUp() throws IOException {
        context = TestToolContext.of(root);
    }

    @Test
    void secretLookingVariablesAreDroppedUnlessTheSettingsAllowThem() {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "PLAIN", "visible", "OPENAI_API_KEY", "sk-1",
            "GITHUB_TOKEN", "ghp-2", "DB_PASSWORD", "pw-3", "my_secret", "s-4");
        TestToolContext withSecrets = new TestToolContext(context.sandboxRoot(), context.timeout(),
            context.maxOutputBytes(), env, Map.of());
        String shown = run.invoke("{\"argv\":[\"env\"]}", withSecrets).content();
        assertTrue(shown.contains("PLAIN=visible\n") && shown.contains("PATH=/usr/bin:/bin\n"), shown);
        for (String secret : List.of("sk-1", "ghp-2", "pw-3", "s-4")) {
            assertFalse(shown.contains(secret), shown);
        }
        String allowed = run.invoke("{\"argv\":[\"env\"]}",
            withSecrets.withSettings(Map.of("allow_env", List.of("GITHUB_TOKEN")))).content();
        assertTrue(allowed.contains("GITHUB_TOKEN=ghp-2\n"), allowed);
        assertFalse(allowed.contains("sk-1"), allowed);
    }

    @Test
    void anEndlessFloodIsCappedAndStoppedByTheTimeOut() {
        long start = System.nanoTime();
        ToolResult result = run.invoke("{\"argv\":[\"yes\"],\"timeout_ms\":400}", context);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(result.error());
        assertTrue(result.truncated());
        assertTrue(result.content().startsWith("timed out after 400ms"), result.content().substring(0, 80));
        assertTrue(result.content().endsWith("\n[... output truncated at 65536 bytes ...]"));
        assertTrue(result.content().length() < 65536 + 300, "length " + result.content().length());
        assertTrue(millis < 5000, millis + " ms");
    }

    @Test
    void aFiftyMegabyteStreamIsDrainedToItsEndAndCapped() {
        ToolResult result = run.invoke("{\"argv\":[\"sh\",\"-c\",\"yes | head -c 50000000; echo done >&2\"]}",
            context.withCap(4096));
        assertEquals(0, result.exitCode(), result.content().substring(0, 40));
        assertFalse(result.error());
        assertTrue(result.truncated());
        assertTrue(result.content().length() < 4096 + 300);
    }

    @Test
    void orphanedGrandchildrenDieWithTheTimeOut() throws Exception {
        // The subshell exits at once, so its sleep is re-parented away: only the session finds it.
        ToolResult result = run.invoke("{\"argv\":[\"(sleep 100 & echo $! > orphan.pid); sleep 100\"],"
            + "\"shell\":true,\"timeout_ms\":500}", context);
        assertTrue(result.error() && result.content().startsWith("timed out after 500ms"), result.content());
        long orphan = Long.parseLong(Files.readString(root.resolve("orphan.pid")).strip());
        assertTrue(ProcessLiveness.stops(orphan), "orphaned sleep " + orphan + " still runs");
    }

    @Test
    void backgroundChildrenDoNotOutliveACommandThatEnds() throws Exception {
        long start = System.nanoTime();
        ToolResult result = run.invoke("{\"argv\":[\"sleep 100 & echo $!\"],\"shell\":true}", context);
        assertEquals(0, result.exitCode(), result.content());
        assertTrue(System.nanoTime() - start < 4_000_000_000L);
        long child = Long.parseLong(result.content().lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow());
        assertTrue(ProcessLiveness.stops(child), "background sleep " + child + " still runs");
    }

    @Test
    void argumentsThatCannotRunAsAskedAreRefused() {
        ToolException twoStrings = assertThrows(ToolException.class,
            () -> run.invoke("{\"argv\":[\"echo\",\"hi\"],\"shell\":true}", context));
        assertTrue(twoStrings.getMessage().contains("exactly one string"), twoStrings.getMessage());
        assertThrows(ToolException.class, () -> run.invoke("{\"argv\":[\"pwd\"],\"cwd\":\"..\"}", context));
        assertThrows(ToolException.class, () -> run.invoke("{\"argv\":[]}", context));
    }

    @Test
    void timeOutArgumentCannotLengthenTheContextsTimeOut() {
        TestToolContext shortContext = new TestToolContext(context.sandboxRoot(), Duration.ofMillis(300),
            context.maxOutputBytes(), context.environment(), Map.of());
        ToolResult result = run.invoke("{\"argv\":[\"sleep\",\"5\"],\"timeout_ms\":60000}", shortContext);
        assertTrue(result.content().startsWith("timed out after 300ms"), result.content());
        assertEquals(Boolean.TRUE, result.datum("timed_out").orElseThrow());
    }

    @Test
    void bothToolsDeclareStrictSchemasAndExecuteEffect() throws IOException {
        List<Tool> tools = List.of(new RunCommandTool(), new RunTestsTool());
        assertEquals(new ShellToolProvider().toolNames(), tools.stream().map(Tool::name).collect(Collectors.toSet()));
        for (Tool tool : tools) {
            JsonNode schema = new ObjectMapper().readTree(tool.parametersSchema());
            assertEquals("object", schema.get("type").asText());
            assertTrue(schema.get("properties").isObject() && schema.get("required").isArray());
            assertFalse(schema.get("additionalProperties").asBoolean(true));
            assertEquals(ToolEffect.EXECUTE, tool.effect());
        }
    }
}
