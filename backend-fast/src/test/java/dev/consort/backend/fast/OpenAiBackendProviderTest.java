package dev.consort.backend.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.testkit.MapPluginConfig;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OpenAiBackendProviderTest {

    private final OpenAiBackendProvider provider = new OpenAiBackendProvider();

    private static MapPluginConfig config(Object... kv) {
        return MapPluginConfig.at("backends.fast", kv);
    }

    private LLMBackend create(Object... kv) {
        return provider.create("fast", config(kv), MapPluginConfig.context());
    }

    @Test
    void isFoundByServiceLoaderAsTypeOpenai() {
        assertTrue(ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.get().type().equals("openai")));
        assertEquals(java.util.Set.of("api_key"), provider.sensitiveKeys());
        assertTrue(provider.configKeys().containsAll(java.util.Set.of("model", "api_key", "base_url",
                "context_window", "max_output_tokens", "connect_timeout", "read_timeout", "max_tokens_field")));
    }

    @Test
    void playsTheFastParserAndFallbackPersonaByDefault() {
        try (LLMBackend b = create("model", "gpt-4.1-mini")) {
            assertEquals("fast", b.name());
            assertEquals("openai", b.type());
            assertEquals("gpt-4.1-mini", b.model());
            assertEquals("Fast parser and fallback", b.persona().description());
            assertTrue(b.persona().systemPrompt().contains("valid JSON"));
        }
    }

    @Test
    void knowsTheWindowsOfOpenAiModelsAndIsConservativeForOthers() {
        try (LLMBackend b41 = create("model", "gpt-4.1-mini"); LLMBackend b4o = create("model", "gpt-4o");
             LLMBackend o3 = create("model", "o3"); LLMBackend g5 = create("model", "gpt-5");
             LLMBackend routed = create("model", "openai/gpt-4o-mini");
             LLMBackend llama = create("model", "llama-3.1-8b-instant")) {
            assertEquals(1_047_576, b41.contextWindow());
            assertEquals(32_768, b41.maxOutputTokens());
            assertEquals(128_000, b4o.contextWindow());
            assertEquals(200_000, o3.contextWindow());
            assertEquals(400_000, g5.contextWindow());
            assertEquals(128_000, routed.contextWindow());
            assertEquals(8_192, llama.contextWindow());
            assertTrue(llama.maxOutputTokens() < llama.contextWindow());
            assertTrue(b4o.countsTokensExactly());
            assertFalse(llama.countsTokensExactly());
        }
    }

    @Test
    void takesTheWindowAndOutputFromConfiguration() {
        try (LLMBackend b = create("model", "qwen2.5", "context_window", "32k", "max_output_tokens", 4096)) {
            assertEquals(32_000, b.contextWindow());
            assertEquals(4096, b.maxOutputTokens());
        }
        try (LLMBackend b = create("model", "gpt-3.5-turbo-instruct")) {
            assertTrue(b.maxOutputTokens() < b.contextWindow());
        }
    }

    @Test
    void refusesBadConfigurationNamingTheKey() {
        assertMessage("model", assertThrows(ConfigException.class, () -> provider.validate(config())));
        assertMessage("colour", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "gpt-4o", "colour", "blue"))));
        assertMessage("base_url", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "gpt-4o", "base_url", "ftp://example.com"))));
        assertMessage("max_output_tokens", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "gpt-4o", "context_window", 1000, "max_output_tokens", 1000))));
        assertMessage("max_tokens_field", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "gpt-4o", "max_tokens_field", "max_output"))));
        assertMessage("read_timeout", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "gpt-4o", "read_timeout", "0s"))));
        assertMessage("context_window", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "gpt-4o", "context_window", -5))));
    }

    @Test
    void acceptsABaseUrlWithATrailingSlashAndNoKey() {
        provider.validate(config("model", "local-model", "base_url", "http://127.0.0.1:8080/v1/"));
        OpenAiSettings s = OpenAiSettings.from(config("model", "m", "base_url", "http://127.0.0.1:8080/v1/",
                "api_key", ""));
        assertEquals("http://127.0.0.1:8080/v1", s.baseUrl());
        assertEquals(null, s.apiKey());
    }

    private static void assertMessage(String key, ConfigException e) {
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
