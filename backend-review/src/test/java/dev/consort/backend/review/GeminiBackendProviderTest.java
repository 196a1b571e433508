package dev.consort.backend.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Configuration checks and defaults of type {@code gemini}. */
class GeminiBackendProviderTest {

    private final GeminiBackendProvider provider = new GeminiBackendProvider();

    @Test
    void defaultsToAMillionTokenWindowAndTheReviewerPersona() {
        try (LLMBackend b = provider.create("review", TestConfig.of("model", "models/gemini-2.5-pro", "api_key", "k"),
                TestConfig.context())) {
            assertEquals("gemini", b.type());
            assertEquals("gemini-2.5-pro", b.model());
            assertEquals(1_048_576, b.contextWindow());
            assertEquals(8192, b.maxOutputTokens());
            assertEquals("Reviews work", b.persona().description());
            assertTrue(b.persona().hasPrompt());
            assertFalse(b.countsTokensExactly());
        }
    }

    @Test
    void requiresAnApiKeyForGooglesEndpointButNotForAProxy() {
        var e = assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "gemini-2.5-pro")));
        assertTrue(e.getMessage().contains("api_key"), e.getMessage());
        provider.validate(TestConfig.of("model", "gemini-2.5-pro", "base_url", "http://127.0.0.1:8080/"));
    }

    @Test
    void refusesUnknownKeysAndBadValues() {
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "api_key", "k", "colour", "red")));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "api_key", "k",
                "context_window", -1)));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "api_key", "k",
                "context_window", 1000, "max_output_tokens", 1000)));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "a/b", "api_key", "k")));
        assertThrows(ConfigException.class, () -> provider.validate(TestConfig.of("model", "m", "api_key", "k",
                "base_url", "not a url")));
    }

    @Test
    void declaresItsKeysAndTheSecretOne() {
        assertTrue(provider.configKeys().containsAll(java.util.Set.of("model", "api_key", "base_url", "context_window",
                "max_output_tokens", "connect_timeout", "read_timeout", "exact_token_count")));
        assertEquals(java.util.Set.of("api_key"), provider.sensitiveKeys());
    }
}
