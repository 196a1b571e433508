package dev.consort.backend.fast;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code openai} backend's configuration, read and checked once.
 *
 * @param model              the model name sent in each request; not blank
 * @param apiKey             the bearer token, or null for servers that need none
 * @param baseUrl            the API root without a trailing slash ({@code https://api.openai.com/v1})
 * @param contextWindow      the window in tokens
 * @param maxOutputTokens    output tokens reserved when a request does not say
 * @param sendMaxOutput      whether {@code max_output_tokens} was configured, so is sent when a request does not say
 * @param maxTokensField     {@code max_tokens} or {@code max_completion_tokens}
 * @param connectTimeout     the longest wait for a connection
 * @param readTimeout        the longest wait for the response headers, and the longest silence in a body
 * @param organization       the {@code OpenAI-Organization} header, or null
 * @param project            the {@code OpenAI-Project} header, or null
 * @param reasoningEffort    the default {@code reasoning_effort}, or null
 * @param streamUsage        whether streams ask for usage ({@code stream_options.include_usage}); servers
 *                           that refuse unknown fields need it off
 */
record OpenAiSettings(String model, Secret apiKey, String baseUrl, int contextWindow, int maxOutputTokens,
                      boolean sendMaxOutput, String maxTokensField, Duration connectTimeout, Duration readTimeout,
                      String organization, String project, String reasoningEffort,
                      boolean streamUsage) {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final Set<String> KEYS = Set.of("model", "api_key", "base_url", "context_window", "max_output_tokens",
            "max_tokens_field", "connect_timeout", "read_timeout", "organization", "project", "reasoning_effort",
            "stream_usage");
    private static final Set<String> MAX_TOKENS_FIELDS = Set.of("max_tokens", "max_completion_tokens");

    OpenAiSettings {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        Objects.requireNonNull(maxTokensField, "maxTokensField is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(readTimeout, "readTimeout is null");
        if (contextWindow <= 0 || maxOutputTokens <= 0 || maxOutputTokens >= contextWindow) {
            throw new IllegalArgumentException("need 0 < maxOutputTokens < contextWindow, got "
                    + maxOutputTokens + " and " + contextWindow);
        }
    }

    /** The model's knowledge (family, tokenizer). */
    OpenAiModel modelInfo() {
        return new OpenAiModel(model);
    }

    /**
     * Reads and checks a configuration subtree.
     *
     * @throws dev.consort.spi.config.ConfigException naming the key at fault
     */
    static OpenAiSettings from(PluginConfig c) {
        c.checkKeys(KEYS);
        String model = c.requireString("model").trim();
        if (model.isEmpty()) {
            throw c.error("model", "must name a model (for example gpt-4.1-mini)");
        }
        OpenAiModel info = new OpenAiModel(model);
        Secret key = c.secret("api_key").filter(s -> !s.isEmpty()).orElse(null);
        String baseUrl = baseUrl(c);
        int window = positive(c, "context_window").orElse(info.defaultContextWindow());
        Optional<Integer> configuredOutput = positive(c, "max_output_tokens");
        int maxOutput = configuredOutput.orElse(Math.min(info.defaultMaxOutputTokens(), window / 2));
        if (maxOutput >= window) {
            throw c.error("max_output_tokens", "must be smaller than context_window (" + window + ")");
        }
        String field = c.string("max_tokens_field").map(String::trim)
                .orElse(info.usesMaxCompletionTokens() ? "max_completion_tokens" : "max_tokens");
        if (!MAX_TOKENS_FIELDS.contains(field)) {
            throw c.error("max_tokens_field", "must be max_tokens or max_completion_tokens, not '" + field + "'");
        }
        return new OpenAiSettings(model, key, baseUrl, window, maxOutput, configuredOutput.isPresent(), field,
                duration(c, "connect_timeout", Duration.ofSeconds(10)),
                duration(c, "read_timeout", Duration.ofSeconds(120)),
                text(c, "organization"), text(c, "project"), text(c, "reasoning_effort"),
                c.bool("stream_usage").orElse(true));
    }

    private static String baseUrl(PluginConfig c) {
        String url = c.string("base_url").map(String::trim).orElse(DEFAULT_BASE_URL);
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw c.error("base_url", "must be an http(s) URL such as " + DEFAULT_BASE_URL);
            }
        } catch (URISyntaxException e) {
            throw c.error("base_url", "is not a URL: " + e.getReason());
        }
        return url;
    }

    private static Optional<Integer> positive(PluginConfig c, String key) {
        var v = c.integer(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.getAsInt() <= 0) {
            throw c.error(key, "must be positive");
        }
        return Optional.of(v.getAsInt());
    }

    private static Duration duration(PluginConfig c, String key, Duration fallback) {
        Duration d = c.duration(key).orElse(fallback);
        if (d.isNegative() || d.isZero()) {
            throw c.error(key, "must be positive");
        }
        return d;
    }

    private static String text(PluginConfig c, String key) {
        return c.string(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }
}
