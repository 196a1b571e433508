package dev.consort.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.config.ConfigException;
import dev.consort.spi.context.Fact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API, on temporary project and home folders and a given environment. */
class ConsortTest {

    @TempDir
    Path tmp;
    private Path work;
    private Path home;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(tmp.resolve("project"));
        home = Files.createDirectories(tmp.resolve("home"));
    }

    private Consort.Builder builder() {
        return Consort.builder().workingDir(work).home(home).environment(env).sessionId("test-session");
    }

    private void project(String yaml) throws IOException {
        Files.writeString(work.resolve("consort.yaml"), yaml);
    }

    @Test
    void buildsWithoutAnyConfigurationFile() {
        try (Consort c = builder().build()) {
            assertEquals(List.of(), c.configSources());
            assertEquals(List.of(), c.backendNames());
            assertEquals("test-session", c.sessionId());
            assertTrue(c.effectiveConfigYaml().startsWith("# effective configuration, from: built-in defaults"));
        }
    }

    @Test
    void readsTheGlobalAndTheProjectFile() throws IOException {
        Path global = home.resolve(".config/consort/config.yaml");
        Files.createDirectories(global.getParent());
        Files.writeString(global, "tools:\n  mode: trust\n");
        project("routing:\n  retry:\n    attempts: 1\n");
        try (Consort c = builder().build()) {
            assertEquals(List.of("~/.config/consort/config.yaml", "consort.yaml"), c.configSources());
            String yaml = c.effectiveConfigYaml();
            assertTrue(yaml.contains("mode: trust"), yaml);
            assertTrue(yaml.contains("attempts: 1"), yaml);
        }
    }

    @Test
    void honoursXdgConfigHomeFromTheGivenEnvironment() throws IOException {
        Path xdg = tmp.resolve("xdg");
        Files.createDirectories(xdg.resolve("consort"));
        Files.writeString(xdg.resolve("consort/config.yaml"), "tools:\n  mode: trust\n");
        env.put("XDG_CONFIG_HOME", xdg.toString());
        try (Consort c = builder().build()) {
            assertEquals(List.of(xdg.resolve("consort/config.yaml").toString()), c.configSources());
        }
    }

    @Test
    void anExplicitConfigFileIsUsed() throws IOException {
        project("tools:\n  mode: sometimes\n");
        Files.writeString(work.resolve("ci.yaml"), "tools:\n  mode: trust\n");
        try (Consort c = builder().configFile(Path.of("ci.yaml")).build()) {
            assertEquals(List.of("ci.yaml"), c.configSources());
        }
    }

    @Test
    void aConfigurationErrorIsOneLocatedLine() throws IOException {
        project("""
                routing:
                  retry:
                    attempts: many
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> builder().build());
        assertEquals("consort.yaml:3:15", e.location());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anUnknownBackendTypeFailsTheBuild() throws IOException {
        project("backends:\n  fast:\n    type: openai\n");
        ConfigException e = assertThrows(ConfigException.class, () -> builder().build());
        assertEquals("consort.yaml:3:11: backends.fast: unknown backend type 'openai' (available: none)",
                e.getMessage());
    }

    @Test
    void effectiveConfigurationHidesEverySecret() throws IOException {
        Path credentials = home.resolve(".config/consort/credentials.yaml");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "SEARCH: cred-VALUE-1\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        env.put("JIRA_API_KEY", "env-VALUE-2");
        env.put("JIRA_URL", "https://jira.example.com");
        project("""
                tools:
                  settings:
                    jira:
                      url: ${JIRA_URL}
                      auth: ${JIRA_API_KEY}
                      api_key: literal-VALUE-3
                      password: literal-VALUE-4
                      refresh_token: literal-VALUE-5
                    search:
                      engine_id: ${SEARCH}
                """);
        try (Consort c = builder().build()) {
            String yaml = c.effectiveConfigYaml();
            for (String secret : List.of("cred-VALUE-1", "env-VALUE-2", "literal-VALUE-3", "literal-VALUE-4",
                    "literal-VALUE-5")) {
                assertFalse(yaml.contains(secret), secret + " shown in:\n" + yaml);
            }
            assertTrue(yaml.contains("url: https://jira.example.com"), yaml);
            assertTrue(yaml.contains("****"), yaml);
        }
    }

    @Test
    void aWorldReadableCredentialsFileFailsTheBuild() throws IOException {
        Path credentials = home.resolve(".config/consort/credentials.yaml");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "SEARCH: cred-VALUE\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        project("tools:\n  settings:\n    s:\n      id: ${SEARCH}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> builder().build());
        assertTrue(e.getMessage().contains("chmod 600 ~/.config/consort/credentials.yaml"), e.getMessage());
        assertFalse(e.getMessage().contains("cred-VALUE"));
    }

    @Test
    void theMemoryStoreIsTheDefaultContextStore() throws IOException {
        project("context:\n  store: memory\n");
        try (Consort c = builder().build()) {
            c.contextStore().putFact(new Fact("build", "mvn install", List.of(), "user", Instant.EPOCH));
            assertEquals("mvn install", c.contextStore().fact("build").orElseThrow().text());
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        Consort c = builder().build();
        c.contextStore();
        c.close();
        c.close();
    }

    @Test
    void refusesABlankSessionId() {
        assertThrows(IllegalArgumentException.class, () -> Consort.builder().sessionId(" "));
        assertThrows(NullPointerException.class, () -> Consort.builder().home(null));
        assertThrows(NullPointerException.class, () -> Consort.builder().environment(null));
    }

    @Test
    void theEnvironmentIsCopied() throws IOException {
        env.put("MODE", "trust");
        project("tools:\n  mode: ${MODE}\n");
        Consort.Builder b = builder();
        env.put("MODE", "sometimes");
        try (Consort c = b.build()) {
            assertTrue(c.effectiveConfigYaml().contains("mode: trust"));
        }
    }

    @Test
    void pluginReportListsTheBuiltInProviders() {
        try (Consort c = builder().build()) {
            PluginReport report = c.plugins();
            assertTrue(report.toString().contains("memory"), report.toString());
            assertTrue(report.toString().contains("rules"), report.toString());
        }
    }
}
