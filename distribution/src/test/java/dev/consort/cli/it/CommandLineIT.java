package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a new user meets it, through the built bin/consort. */
class CommandLineIT {

    @TempDir
    Path dir;

    @Test
    void versionPrintsTheVersionAndTheSpi() throws Exception {
        Dist.Result r = Dist.run(dir, "--version");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().matches("consort \\S+ \\(SPI 1\\.\\d+, Java \\d+\\)\\s*"), r.out());
    }

    @Test
    void theBundledPluginsAreAllListedWithoutProblems() throws Exception {
        Dist.Result r = Dist.run(dir, "plugins");
        assertEquals(0, r.exit(), r.all());
        assertEquals("", r.err(), r.all());
        for (String type : new String[] {"openai", "anthropic", "gemini", "ollama", "sqlite", "memory", "rules",
                "read_file", "write_file", "list_dir", "search", "apply_patch", "run_command", "run_tests"}) {
            assertTrue(r.out().contains(type), type + " missing from:\n" + r.out());
        }
    }

    @Test
    void theShippedExampleConfigurationChecksOk() throws Exception {
        Files.copy(Dist.home().resolve("conf/consort.yaml"), dir.resolve("consort.yaml"));
        Dist.Result r = Dist.run(dir, "config", "check");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("ok (consort.yaml; backends: fast)"), r.all());
    }

    @Test
    void configShowMasksSecretsFromTheEnvironmentAndTheCredentialsFile() throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  fast: { type: openai, model: gpt-4.1-mini, api_key: "${MY_OPENAI_KEY}" }
                  other: { type: openai, model: gpt-4.1-mini, base_url: "${PROXY_TOKEN}" }
                """);
        Path creds = Files.createDirectories(dir.resolve(".home/.config/consort")).resolve("credentials.yaml");
        Files.writeString(creds, "PROXY_TOKEN: http://s3cr3t-from-file\n");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        Dist.Result r = Dist.run(dir, Map.of("MY_OPENAI_KEY", "sk-live-abcdef"), "config", "show");
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.all().contains("sk-live-abcdef"), r.all());
        assertFalse(r.all().contains("s3cr3t"), r.all());
        assertTrue(r.out().contains("api_key: '****'") || r.out().contains("api_key: \"****\"")
                || r.out().contains("api_key: ****"), r.out());
    }

    @Test
    void aCredentialsFileReadableByOthersIsRefused() throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), "backends:\n  fast: { type: openai, model: m, api_key: \"${K1}\" }\n");
        Path creds = Files.createDirectories(dir.resolve(".home/.config/consort")).resolve("credentials.yaml");
        Files.writeString(creds, "K1: secret\n");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-r--r--"));
        Dist.Result r = Dist.run(dir, "config", "check");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("credentials.yaml") && r.err().contains("chmod 600"), r.err());
    }

    @Test
    void aToolRunThroughTheRealRunnerPrintsItsOutputAndIsAudited() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hi there\n");
        Dist.Result read = Dist.run(dir, "tool", "run", "read_file", "--args", "{\"path\":\"notes.txt\"}");
        assertEquals(0, read.exit(), read.all());
        assertTrue(read.out().contains("hi there"), read.all());
        Dist.Result denied = Dist.run(dir, "tool", "run", "run_command", "--args", "{\"argv\":[\"echo\",\"ok\"]}");
        assertEquals(1, denied.exit(), denied.all());
        assertTrue(denied.out().contains("no terminal to ask"), denied.all());
        Dist.Result approved = Dist.run(dir, "tool", "run", "run_command", "--yes", "--args",
                "{\"argv\":[\"echo\",\"ok\"]}");
        assertEquals(0, approved.exit(), approved.all());
        assertTrue(approved.out().contains("ok"), approved.all());
        Dist.Result escape = Dist.run(dir, "tool", "run", "read_file", "--args", "{\"path\":\"../../etc/passwd\"}");
        assertEquals(1, escape.exit(), escape.all());
        assertFalse(escape.out().contains("root:"), escape.all());
        Dist.Result audit = Dist.run(dir, "audit", "--json");
        assertEquals(4, audit.out().strip().lines().count(), audit.all());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithExitTwo() throws Exception {
        Dist.Result r = Dist.run(dir, "frobnicate");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().startsWith("consort: "), r.err());
    }

    @Test
    void aMissingConfigFileGivenExplicitlyIsExitTwo() throws Exception {
        Dist.Result r = Dist.run(dir, "--config", "nope.yaml", "config", "check");
        assertEquals(2, r.exit(), r.all());
        assertEquals("consort: --config nope.yaml: no such file", r.err().strip());
    }

    /**
     * A fake Java 25 whose {@code java} prints the options it was given and MALLOC_ARENA_MAX, so the
     * launcher's choice of JVM settings can be read without running a JVM.
     */
    private Path echoJava() throws Exception {
        return echoJava("25.0.0");
    }

    /** A fake Java of that version, as {@link #echoJava()}. */
    private Path echoJava(String version) throws Exception {
        Path jdk = dir.resolve("echo-jdk-" + version);
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path launcher = Files.writeString(jdk.resolve("bin/java"),
                "#!/bin/sh\necho \"arena=${MALLOC_ARENA_MAX-}\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "--plugins plugins serve --port 0",
            "--config c.yaml --verbose serve"})
    void serveRunsWithItsOwnJvmSettings(String args) throws Exception {
        Files.writeString(dir.resolve("-XX:CompileCommand=MemLimit,a.b,16m"), "a file *.* would match");
        Dist.Result r = Dist.run(dir, Map.of("CONSORT_JAVA_HOME", echoJava().toString()), args.split(" "));
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("-Xmx96m") && lines.contains("-XX:+UseSerialGC"), r.out());
        assertFalse(lines.contains("-XX:TieredStopAtLevel=1"), "serve must run with C2: " + r.out());
        assertTrue(lines.contains("arena=2"), r.out());
        assertTrue(lines.contains("-Djdk.pollerMode=1"), "I/O pollers on platform threads: " + r.out());
        assertTrue(lines.contains("-XX:TrimNativeHeapInterval=1000"), r.out());
        assertTrue(lines.contains("-XX:CompileCommand=MemLimit,*.*,16m"), "passed as written: " + r.out());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("-XX:AOTCache")), r.out());
    }

    @Test
    void serveOnJava21IsNotGivenAnOptionItMayNotKnow() throws Exception {
        Dist.Result r = Dist.run(dir, Map.of("CONSORT_JAVA_HOME", echoJava("21").toString()), "serve");
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("-Xmx96m"), r.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("TrimNativeHeap") || l.contains("MemLimit")), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ask serve", "--plugins serve ask hello", "--version"})
    void otherCommandsRunWithTheStartUpSettings(String args) throws Exception {
        Dist.Result r = Dist.run(dir, Map.of("CONSORT_JAVA_HOME", echoJava().toString()), args.split(" "));
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("-XX:TieredStopAtLevel=1"), r.out());
        assertTrue(!lines.contains("-Xmx96m") && lines.contains("arena="), r.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("TrimNativeHeap") || l.contains("pollerMode")), r.out());
    }
}
