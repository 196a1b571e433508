package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.plugin.TestRegistries;
import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Secrets never reach {@code config show} nor an error message. */
class SecretMaskingTest {

    private static final String ENV_KEY = "sk-env-AAAA1111";
    private static final String FILE_KEY = "sk-file-BBBB2222";
    private static final String LITERAL_KEY = "sk-literal-CCCC3333";

    @TempDir
    Path tmp;
    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp);
    }

    /** A backend type that declares {@code org_id} sensitive on top of the default {@code api_key}. */
    private static final class FakeProvider implements BackendProvider {
        @Override
        public String type() {
            return "fake";
        }

        @Override
        public LLMBackend create(String name, PluginConfig config, PluginContext context) {
            throw new UnsupportedOperationException("not needed to show the configuration");
        }

        @Override
        public Set<String> sensitiveKeys() {
            return Set.of("api_key", "org_id");
        }
    }

    private String show() {
        return EffectiveConfigWriter.write(ws.load(), TestRegistries.withBackends(new FakeProvider()));
    }

    private static void assertHidden(String yaml, String... secrets) {
        for (String s : secrets) {
            assertFalse(yaml.contains(s), "'" + s + "' shown in:\n" + yaml);
        }
    }

    @Test
    void masksSecretLookingKeysWhateverTheirSource() {
        ws.project("""
                backends:
                  fast:
                    type: fake
                    api_key: sk-literal-CCCC3333
                    model: gpt-4o-mini
                tools:
                  settings:
                    db:
                      password: hunter2-literal
                      github_token: ghp-literal
                      access_token: at-literal
                      apikey: ak-literal
                      secret: s-literal
                      user: alice
                """);
        String yaml = show();
        assertHidden(yaml, LITERAL_KEY, "hunter2-literal", "ghp-literal", "at-literal", "ak-literal", "s-literal");
        assertTrue(yaml.contains("api_key: '****'") || yaml.contains("api_key: \"****\""), yaml);
        assertTrue(yaml.contains("model: gpt-4o-mini"), yaml);
        assertTrue(yaml.contains("user: alice"), yaml);
    }

    @Test
    void masksKeysTheProviderDeclaresSensitive() {
        ws.project("""
                backends:
                  fast:
                    type: fake
                    org_id: org-PRIVATE
                    base_url: https://example.com
                """);
        String yaml = show();
        assertHidden(yaml, "org-PRIVATE");
        assertTrue(yaml.contains("base_url: https://example.com"), yaml);
    }

    @Test
    void masksEverythingUnderASecretKey() {
        ws.project("""
                tools:
                  settings:
                    x:
                      secret:
                        nested: deep-PRIVATE
                        list: [item-PRIVATE]
                """);
        assertHidden(show(), "deep-PRIVATE", "item-PRIVATE");
    }

    @Test
    void masksValuesFromSecretVariablesEvenUnderInnocentKeys() {
        ws.env.put("OPENAI_API_KEY", ENV_KEY);
        ws.env.put("MY_SECRET", "env-secret-XYZ");
        ws.env.put("SERVICE_TOKEN", "env-token-XYZ");
        ws.env.put("DB_PASSWORD", "env-password-XYZ");
        ws.env.put("REGION", "eu-west-1");
        ws.project("""
                backends:
                  fast:
                    type: fake
                    header: "Bearer ${OPENAI_API_KEY}"
                tools:
                  settings:
                    t:
                      a: ${MY_SECRET}
                      b: ${SERVICE_TOKEN}
                      c: ${DB_PASSWORD}
                      region: ${REGION}
                      list: ["${SERVICE_TOKEN}", plain]
                """);
        String yaml = show();
        assertHidden(yaml, ENV_KEY, "env-secret-XYZ", "env-token-XYZ", "env-password-XYZ");
        assertTrue(yaml.contains("region: eu-west-1"), yaml);
        assertTrue(yaml.contains("plain"), yaml);
    }

    @Test
    void masksValuesFromTheCredentialsFileEvenUnderInnocentKeys() {
        ws.credentials("OPENAI: " + FILE_KEY + "\nWHO: someone\n", "rw-------");
        ws.project("""
                backends:
                  fast:
                    type: fake
                    url: "https://example.com/?k=${OPENAI}"
                tools:
                  settings:
                    t:
                      user: ${WHO}
                """);
        String yaml = show();
        assertHidden(yaml, FILE_KEY, "someone");
    }

    @Test
    void namesTheFilesItCameFrom() {
        ws.project("tools:\n  mode: trust\n");
        assertTrue(show().startsWith("# effective configuration, from: consort.yaml\n"));
        ws.project("");
        assertEquals("# effective configuration, from: consort.yaml\n{}\n", show());
    }

    @ParameterizedTest
    @ValueSource(strings = {"routing:\n  retry:\n    attempts: ${API_TOKEN}\n",
        "routing:\n  retry:\n    backoff: ${API_TOKEN}\n",
        "tools:\n  sandbox:\n    max_output: ${API_TOKEN}\n",
        "tools:\n  sandbox:\n    timeout: ${API_TOKEN}\n",
        "tools:\n  mode: ${API_TOKEN}\n",
        "routing:\n  on_partial_stream_failure: ${API_TOKEN}\n",
        "backends:\n  b:\n    type: fake\nbudgets:\n  backends:\n    b:\n      period: ${API_TOKEN}\n",
        "backends:\n  b:\n    type: fake\nbudgets:\n  project:\n    usd: ${API_TOKEN}\n",
        "backends:\n  b:\n    type: fake\nbudgets:\n  project:\n    tokens: ${API_TOKEN}\n"})
    void wrongTypedSecretValuesAreNotShownInErrors(String yaml) {
        ws.env.put("API_TOKEN", "tok-DO-NOT-SHOW");
        ws.project(yaml);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, ws::load);
        Workspace.assertOneLine(e);
        assertTrue(e.location().startsWith("consort.yaml:"), e.getMessage());
        assertFalse(e.getMessage().contains("tok-DO-NOT-SHOW"), e.getMessage());
    }

    @Test
    void wrongTypedCredentialIsNotShownInErrors() {
        ws.credentials("RETRIES: cred-DO-NOT-SHOW\n", "rw-------");
        ws.project("routing:\n  retry:\n    attempts: ${RETRIES}\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, ws::load);
        assertEquals("consort.yaml:3:15: routing.retry.attempts must be a whole number (suffixes k, M, KiB, MiB "
                + "allowed), got ****", e.getMessage());
    }
}
