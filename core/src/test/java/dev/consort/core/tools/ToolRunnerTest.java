package dev.consort.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Consort;
import dev.consort.core.api.ToolMode;
import dev.consort.core.api.ToolRunner;
import dev.consort.spi.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tool runner through Consort's API: validation, permissions, sandbox, limits and audit. */
class ToolRunnerTest {

    @TempDir
    Path dir;

    private static final ToolRunner.Caller CALLER = new ToolRunner.Caller("s1", "t1", "fast");

    private Consort consort(String toolsYaml, Map<String, String> env) throws Exception {
        Files.createDirectories(dir.resolve("project"));
        Files.writeString(dir.resolve("project/consort.yaml"), "context: { store: memory }\n" + toolsYaml);
        return Consort.builder().workingDir(dir.resolve("project")).home(dir.resolve("home")).environment(env).build();
    }

    private Consort consort(String toolsYaml) throws Exception {
        return consort(toolsYaml, Map.of());
    }

    private static Approver counting(AtomicInteger asked, Approver.Answer answer) {
        return r -> {
            asked.incrementAndGet();
            return answer;
        };
    }

    private List<JsonNode> audit(Consort c) throws Exception {
        return AuditLog.tail(c.auditLog(), 0);
    }

    /** The approval matrix: mode x effect x allow list x someone to ask. */
    @ParameterizedTest(name = "{0} {1} allowed={2} terminal={3} -> {4}")
    @CsvSource({
            "manual, peek,  false, false, auto",
            "manual, touch, false, true,  asked",
            "manual, touch, false, false, denied",
            "manual, touch, true,  true,  asked",
            "manual, exec,  false, true,  asked",
            "trust,  touch, true,  false, auto",
            "trust,  touch, false, true,  asked",
            "trust,  touch, false, false, denied",
            "trust,  exec,  true,  false, auto",
            "trust,  peek,  false, false, auto"})
    void theApprovalMatrix(String mode, String tool, boolean allowed, boolean terminal, String expected) throws Exception {
        Files.createDirectories(dir.resolve("project"));
        Files.writeString(dir.resolve("project/a.txt"), "A");
        try (Consort c = consort("tools:\n  mode: " + mode + "\n  allow: [" + (allowed ? tool : "") + "]\n")) {
            AtomicInteger asked = new AtomicInteger();
            Approver approver = terminal ? counting(asked, Approver.Answer.YES) : Approver.NOBODY;
            String args = tool.equals("exec") ? "{\"argv\":[\"true\"]}" : "{\"path\":\"a.txt\"}";
            ToolRunner.Outcome o = c.toolRunner().run(tool, args, CALLER, approver);
            switch (expected) {
                case "auto" -> {
                    assertFalse(o.result().error(), o.toString());
                    assertEquals(0, asked.get());
                    assertTrue(o.approval().startsWith("auto"), o.approval());
                }
                case "asked" -> {
                    assertFalse(o.result().error(), o.toString());
                    assertEquals(1, asked.get());
                    assertTrue(o.approval().startsWith("approved"), o.approval());
                }
                default -> {
                    assertTrue(o.result().error());
                    assertTrue(o.result().content().contains("no terminal to ask"), o.result().content());
                    assertTrue(o.approval().startsWith("denied"), o.approval());
                }
            }
            assertEquals(1, audit(c).size());
        }
    }

    @Test
    void alwaysAndNeverAreRememberedForTheSession() throws Exception {
        try (Consort c = consort("tools: { mode: manual }\n")) {
            ToolRunner r = c.toolRunner();
            AtomicInteger asked = new AtomicInteger();
            r.run("touch", "{\"path\":\"x\"}", CALLER, counting(asked, Approver.Answer.ALWAYS));
            r.run("touch", "{\"path\":\"y\"}", CALLER, counting(asked, Approver.Answer.NO));
            assertEquals(1, asked.get());
            r.run("exec", "{\"argv\":[\"ls\"]}", CALLER, counting(asked, Approver.Answer.NEVER));
            ToolRunner.Outcome again = r.run("exec", "{\"argv\":[\"ls\"]}", CALLER, Approver.EVERYTHING);
            assertTrue(again.result().error());
            assertEquals(2, asked.get());
        }
    }

    @Test
    void invalidArgumentsGoBackToTheModelAsAStructuredErrorAndAreAudited() throws Exception {
        try (Consort c = consort("")) {
            ToolRunner.Outcome o = c.toolRunner().run("peek", "{\"path\": 3, \"extra\": true}", CALLER, Approver.NOBODY);
            assertTrue(o.result().error());
            assertEquals("invalid_arguments", o.result().data().get("error"));
            assertTrue(o.result().content().startsWith("invalid arguments for peek"), o.result().content());
            assertEquals("invalid_arguments", audit(c).get(0).get("outcome").asText());
            assertEquals("fast", audit(c).get(0).get("backend").asText());
        }
    }

    @Test
    void pathsEscapingTheSandboxAreRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "nope");
        try (Consort c = consort("")) {
            Path project = dir.resolve("project");
            Files.createSymbolicLink(project.resolve("link"), outside);
            Files.createDirectories(dir.resolve("elsewhere"));
            Files.writeString(dir.resolve("elsewhere/f.txt"), "nope");
            Files.createSymbolicLink(project.resolve("linkdir"), dir.resolve("elsewhere"));
            for (String p : List.of("../secret.txt", outside.toString(), "link", "linkdir/f.txt", "a/../../secret.txt")) {
                ToolRunner.Outcome o = c.toolRunner().run("peek", "{\"path\":\"" + p + "\"}", CALLER, Approver.NOBODY);
                assertTrue(o.result().error(), p + " was read: " + o.result().content());
                assertFalse(o.result().content().contains("nope"), p);
            }
        }
    }

    @Test
    void denyBeatsAskBeatsAllowAndWhyNamesTheRule() throws Exception {
        try (Consort c = consort("""
                tools:
                  mode: trust
                  rules:
                    - allow: exec(git *)
                    - ask: exec(git commit:*)
                    - deny: exec(git push:*)
                      match: ["exec(git push origin main)", "exec(git push)"]
                      not_match: ["exec(git pushy)", "exec(git status)"]
                """)) {
            ToolRunner r = c.toolRunner();
            assertEquals("allow", r.why("exec", "{\"argv\":[\"git\",\"status\"]}").verdict());
            assertEquals("ask", r.why("exec", "{\"argv\":[\"git\",\"commit\",\"-m\",\"x\"]}").verdict());
            ToolRunner.Decision push = r.why("exec", "{\"argv\":[\"git\",\"push\",\"origin\"]}");
            assertEquals("deny", push.verdict());
            assertTrue(push.reason().contains("git push:*") && push.reason().contains("consort.yaml:"), push.reason());
            ToolRunner.Outcome o = r.run("exec", "{\"argv\":[\"git\",\"push\"]}", CALLER, Approver.EVERYTHING);
            assertTrue(o.result().error());
            assertEquals("denied", audit(c).get(0).get("outcome").asText());
        }
    }

    @Test
    void aRuleThatContradictsItsOwnExamplesIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class, () -> consort("""
                tools:
                  rules:
                    - deny: exec(git push:*)
                      match: ["exec(git status)"]
                """).close());
        assertTrue(e.getMessage().startsWith("project/consort.yaml:") || e.getMessage().contains("consort.yaml:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("does not match its own example 'exec(git status)'"), e.getMessage());
    }

    @Test
    void outputIsCappedAndTheFullOutputsHashIsAudited() throws Exception {
        try (Consort c = consort("tools:\n  sandbox: { max_output: 1KiB }\n")) {
            ToolRunner.Outcome o = c.toolRunner().run("flood", "{}", CALLER, Approver.NOBODY);
            assertTrue(o.result().truncated());
            assertTrue(o.result().content().endsWith("[... output truncated at 1024 bytes ...]"));
            JsonNode entry = audit(c).get(0);
            assertTrue(entry.get("truncated").asBoolean());
            assertEquals(64, entry.get("output_sha256").asText().length());
        }
    }

    @Test
    void aToolThatOutlivesItsTimeOutIsStopped() throws Exception {
        try (Consort c = consort("tools:\n  settings:\n    nap: { timeout: 100ms }\n")) {
            long start = System.nanoTime();
            ToolRunner.Outcome o = c.toolRunner().run("nap", "{}", CALLER, Approver.NOBODY);
            assertTrue(o.result().error());
            assertTrue(o.result().content().contains("timed out after 100 ms"), o.result().content());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 20_000);
            assertEquals("timeout", audit(c).get(0).get("outcome").asText());
        }
    }

    @Test
    void secretsNeverReachTheAuditLogNorChildProcesses() throws Exception {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-live-0123456789abcdef", "PATH", "/usr/bin",
                "GITHUB_TOKEN", "ghp_abcdefghijklmnopqrstuvwx");
        try (Consort c = consort("tools:\n  mode: trust\n  allow: [exec]\n  env: { pass: [PATH, OPENAI_API_KEY] }\n", env)) {
            ToolRunner.Outcome o = c.toolRunner().run("exec",
                    "{\"argv\":[\"curl\",\"-H\",\"Authorization: Bearer sk-live-0123456789abcdef\",\"--token\",\"ghp_abcdefghijklmnopqrstuvwx\"]}",
                    CALLER, Approver.NOBODY);
            assertTrue(o.result().content().contains("env=[PATH]"), o.result().content());
            String log = Files.readString(c.auditLog());
            assertFalse(log.contains("sk-live-0123456789abcdef"), log);
            assertFalse(log.contains("ghp_abcdefghijklmnopqrstuvwx"), log);
            assertTrue(log.contains("****"), log);
        }
    }

    @Test
    void modeSwitchesAtRunTime() throws Exception {
        try (Consort c = consort("tools: { mode: manual, allow: [touch] }\n")) {
            ToolRunner r = c.toolRunner();
            assertEquals("ask", r.why("touch", "{\"path\":\"f\"}").verdict());
            r.setMode(ToolMode.TRUST);
            assertEquals("allow", r.why("touch", "{\"path\":\"f\"}").verdict());
        }
    }

    @Test
    void concurrentCallsAreEachAuditedOnOneWholeLine() throws Exception {
        try (Consort c = consort("")) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                threads.add(Thread.ofVirtual().start(() ->
                        c.toolRunner().run("flood", "{}", CALLER, Approver.NOBODY)));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(50, audit(c).size());
        }
    }
}
