package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolationTest {

    @TempDir
    Path tmp;
    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp);
    }

    private Map<String, Object> settings(String yamlValue) {
        ws.project("tools:\n  settings:\n    t:\n      v: " + yamlValue + "\n");
        return ws.load().tools().settingsOf("t");
    }

    private ConfigNode.Scalar scalar(ConsortConfig c) {
        ConfigNode.Mapping tools = (ConfigNode.Mapping) c.tree().entries().get("tools");
        ConfigNode.Mapping settings = (ConfigNode.Mapping) tools.entries().get("settings");
        ConfigNode.Mapping t = (ConfigNode.Mapping) settings.entries().get("t");
        return (ConfigNode.Scalar) t.entries().get("v");
    }

    @Test
    void replacesAVariableFromTheEnvironment() {
        ws.env.put("REGION", "eu-west-1");
        assertEquals("https://eu-west-1.example.com", settings("https://${REGION}.example.com").get("v"));
    }

    @Test
    void replacesSeveralVariablesInOneValue() {
        ws.env.put("HOST", "localhost");
        ws.env.put("PORT", "11434");
        assertEquals("http://localhost:11434/v1", settings("http://${HOST}:${PORT}/v1").get("v"));
    }

    @Test
    void usesTheDefaultWhenTheVariableIsUnset() {
        assertEquals("http://localhost:8080", settings("\"http://${HOST:-localhost}:${PORT:-8080}\"").get("v"));
        assertEquals("", settings("\"${EMPTY:-}\"").get("v"));
    }

    @Test
    void prefersTheEnvironmentOverTheDefault() {
        ws.env.put("PORT", "9000");
        assertEquals("9000", settings("${PORT:-8080}").get("v"));
        ws.env.put("PORT", "");
        assertEquals("", settings("\"${PORT:-8080}\"").get("v"), "a set but empty variable is used as is");
    }

    @Test
    void doubleDollarIsALiteral() {
        ws.env.put("NAME", "x");
        assertEquals("${NAME} and x", settings("\"$${NAME} and ${NAME}\"").get("v"));
        assertEquals("price: $5", settings("\"price: $5\"").get("v"));
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
        ws.project("""
                tools:
                  settings:
                    github:
                      token: ${GITHUB_TOKEN}
                """);
        ConfigException e = ws.failure();
        assertEquals("consort.yaml:4:14", e.location());
        assertEquals("consort.yaml:4:14: ${GITHUB_TOKEN} is not set: export GITHUB_TOKEN or add it to "
                + "~/.config/consort/credentials.yaml (or write ${GITHUB_TOKEN:-default})", e.getMessage());
    }

    @Test
    void readsTheCredentialsFileWhenTheEnvironmentLacksTheName() {
        ws.credentials("GITHUB_TOKEN: ghp_fromfile\n", "rw-------");
        ws.project("tools:\n  settings:\n    t:\n      v: ${GITHUB_TOKEN}\n");
        ConsortConfig c = ws.load();
        assertEquals("ghp_fromfile", c.tools().settingsOf("t").get("v"));
        assertTrue(scalar(c).secret(), "a value from the credentials file is secret");
    }

    @Test
    void theEnvironmentWinsOverTheCredentialsFile() {
        ws.credentials("GITHUB_TOKEN: ghp_fromfile\n", "rw-------");
        ws.env.put("GITHUB_TOKEN", "ghp_fromenv");
        assertEquals("ghp_fromenv", settings("${GITHUB_TOKEN}").get("v"));
    }

    @Test
    void refusesACredentialsFileOthersCanRead() {
        ws.credentials("GITHUB_TOKEN: ghp_fromfile\n", "rw-r--r--");
        ws.project("tools:\n  settings:\n    t:\n      v: ${GITHUB_TOKEN}\n");
        ConfigException e = ws.failure();
        assertEquals("~/.config/consort/credentials.yaml: refused: the credentials file must be readable by its "
                + "owner only; run: chmod 600 ~/.config/consort/credentials.yaml", e.getMessage());
        assertFalse(e.getMessage().contains("ghp_fromfile"));
    }

    @Test
    void refusesAGroupWritableCredentialsFile() {
        ws.credentials("K: v\n", "rw--w----");
        ws.project("tools:\n  settings:\n    t:\n      v: ${K}\n");
        assertTrue(ws.failure().getMessage().contains("chmod 600"));
    }

    @Test
    void acceptsAnOwnerOnlyCredentialsFile() {
        ws.credentials("K: v\n", "rw-------");
        assertEquals("v", settings("${K}").get("v"));
        ws.credentials("K: w\n", "r--------");
        assertEquals("w", settings("${K}").get("v"));
    }

    @Test
    void doesNotReadTheCredentialsFileWhenTheEnvironmentHasEverything() {
        ws.credentials("K: v\n", "rw-r--r--");
        ws.env.put("K", "from-env");
        assertEquals("from-env", settings("${K}").get("v"), "an unused credentials file is not checked");
    }

    @Test
    void credentialsMustBePlainValues() {
        ws.credentials("K:\n  nested: v\n", "rw-------");
        ws.project("tools:\n  settings:\n    t:\n      v: ${K}\n");
        ConfigException e = ws.failure();
        assertEquals("~/.config/consort/credentials.yaml:1:1: credential 'K' must be a plain value", e.getMessage());
    }

    @Test
    void aValueFromASecretLookingVariableIsSecret() {
        for (String name : new String[] {"OPENAI_API_KEY", "MY_SECRET", "GH_TOKEN", "DB_PASSWORD", "api_key"}) {
            ws.env.put(name, "v");
            ws.project("tools:\n  settings:\n    t:\n      v: ${" + name + "}\n");
            assertTrue(scalar(ws.load()).secret(), name);
        }
    }

    @Test
    void aValueFromAnInnocentVariableOrADefaultIsNotSecret() {
        ws.env.put("REGION", "eu");
        ws.project("tools:\n  settings:\n    t:\n      v: ${REGION}\n");
        assertFalse(scalar(ws.load()).secret());
        ws.project("tools:\n  settings:\n    t:\n      v: ${API_KEY:-none}\n");
        assertFalse(scalar(ws.load()).secret(), "an unset secret variable's default is not a secret");
    }

    @Test
    void resolvesInsideListsAndKeepsLocations() {
        ws.env.put("TOOL", "read_file");
        ws.project("tools:\n  allow:\n    - ${TOOL}\n    - write_file\n");
        ConsortConfig c = ws.load();
        assertEquals(java.util.List.of("read_file", "write_file"), c.tools().allow());
    }
}
