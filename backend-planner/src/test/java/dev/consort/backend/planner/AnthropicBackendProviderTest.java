package dev.consort.backend.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.testkit.MapPluginConfig;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnthropicBackendProviderTest {

    private final AnthropicBackendProvider provider = new AnthropicBackendProvider();

    private static MapPluginConfig config(Object... kv) {
        return MapPluginConfig.at("backends.planner", kv);
    }

    private LLMBackend create(Object... kv) {
        return provider.create("planner", config(kv), MapPluginConfig.context());
    }

    @Test
    void isFoundByServiceLoaderAsTypeAnthropic() {
        assertTrue(ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.get().type().equals("anthropic")));
        assertEquals(Set.of("api_key"), provider.sensitiveKeys());
        assertTrue(provider.configKeys().containsAll(Set.of("model", "api_key", "base_url", "context_window",
                "max_output_tokens", "connect_timeout", "read_timeout", "thinking_budget", "exact_token_count")));
        assertFalse(provider.description().isBlank());
    }

    @Test
    void playsThePlannerPersonaByDefault() {
        try (LLMBackend b = create("model", "claude-opus-4-1")) {
            assertEquals("planner", b.name());
            assertEquals("anthropic", b.type());
            assertEquals("claude-opus-4-1", b.model());
            assertEquals("Plans work", b.persona().description());
            assertTrue(b.persona().systemPrompt().contains("numbered steps"), b.persona().systemPrompt());
        }
    }

    @Test
    void defaultsToA200kWindowAnd4096OutputTokens() {
        try (LLMBackend b = create("model", "claude-sonnet-4-5")) {
            assertEquals(200_000, b.contextWindow());
            assertEquals(4096, b.maxOutputTokens());
            assertFalse(b.countsTokensExactly());
        }
    }

    @Test
    void takesTheWindowOutputAndTimeoutsFromConfiguration() {
        AnthropicSettings s = AnthropicSettings.from(config("model", "claude-sonnet-4-5", "context_window", "1M",
                "max_output_tokens", "64k", "connect_timeout", "3s", "read_timeout", "10m", "thinking_budget", "16k",
                "exact_token_count", "true", "count_tokens_timeout", "2s", "base_url", "https://proxy.example/anthropic/",
                "api_key", "sk-ant-x"));
        assertEquals(1_000_000, s.contextWindow());
        assertEquals(64_000, s.maxOutputTokens());
        assertEquals(Duration.ofSeconds(3), s.connectTimeout());
        assertEquals(Duration.ofMinutes(10), s.readTimeout());
        assertEquals(16_000, s.thinkingBudget());
        assertTrue(s.exactTokenCount());
        assertEquals(Duration.ofSeconds(2), s.countTokensTimeout());
        assertEquals("https://proxy.example/anthropic", s.baseUrl());
        assertEquals("2023-06-01", s.anthropicVersion());
        assertEquals(List.of(), s.betas());
        assertFalse(s.toString().contains("sk-ant-x"), "the key is a Secret: " + s);
        assertNull(AnthropicSettings.from(config("model", "m", "api_key", "")).apiKey());
    }

    @Test
    void refusesBadConfigurationNamingTheKey() {
        assertMessage("model", assertThrows(ConfigException.class, () -> provider.validate(config())));
        assertMessage("colour", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "claude-opus-4-1", "colour", "blue"))));
        assertMessage("base_url", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "claude-opus-4-1", "base_url", "ftp://example.com"))));
        assertMessage("max_output_tokens", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "c", "context_window", 1000, "max_output_tokens", 1000))));
        assertMessage("thinking_budget", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "c", "thinking_budget", 500))));
        assertMessage("thinking_budget", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "c", "context_window", 8000, "max_output_tokens", 2000,
                        "thinking_budget", 7000))));
        assertMessage("read_timeout", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "c", "read_timeout", "0s"))));
        assertMessage("context_window", assertThrows(ConfigException.class,
                () -> provider.validate(config("model", "c", "context_window", -5))));
    }

    private static void assertMessage(String key, ConfigException e) {
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
